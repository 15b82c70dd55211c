import * as z from "zod";
import { ApiError } from "../../core/errors";

/**
 * `GET /v1/subscriptions/{id}/databases` and its Essentials twin under
 * /fixed/, paged with `offset` and `limit` (OpenAPI getSubscriptionDatabases,
 * getFixedSubscriptionDatabases). The Pro list wraps its subscription in an
 * array, the Essentials list in an object (rediscloud-go-api
 * database_test.go, fixed_database_test.go; fixtures rc-go-database-list-*.json,
 * rc-go-fixed-database-list.json).
 */
const subscriptionEntrySchema = z.object({ databases: z.array(z.unknown()).default([]) });

/** One page: its databases, each left to be read on its own, so one we cannot read does not hide the others. */
export const databasesPageSchema = z
  .object({ subscription: z.union([z.array(subscriptionEntrySchema), subscriptionEntrySchema]) })
  .transform((page) => (Array.isArray(page.subscription) ? page.subscription : [page.subscription]).flatMap((entry) => entry.databases));

/** The Go client's page size, and the OpenAPI document's example `limit`. */
export const PAGE_SIZE = 100;

/**
 * Every database of a subscription, page after page. The Go client reads
 * until a page answers 404 (its Pro test answers the page at offset 100 with
 * 404, database_test.go L171; its pager ends on 404, service/databases/
 * service.go L242-245) or comes back empty (its Essentials test,
 * fixed_database_test.go L187-207; rediscloud-go-api at 8f91b07).
 * A page shorter than the limit is the last as well, which spares that one
 * more request. A 404 on the first page reads as no database, as the Go
 * client's does: each pin is then read on its own, and its own read says
 * what is missing.
 */
export async function allDatabases(page: (query: { offset: number; limit: number }) => Promise<readonly unknown[]>): Promise<unknown[]> {
  const databases: unknown[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const found = await pastTheEnd(page({ offset, limit: PAGE_SIZE }));
    if (found === undefined) return databases;
    databases.push(...found);
    if (found.length < PAGE_SIZE) return databases;
  }
}

async function pastTheEnd(call: Promise<readonly unknown[]>): Promise<readonly unknown[] | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** What an Active-Active note names of each database of the subscription; entries without a numeric id are left out. */
const listedDatabaseSchema = z.object({
  databaseId: z.number().int(),
  name: z.string().optional(),
  redisVersion: z.string().optional(),
});
export type ListedDatabase = z.infer<typeof listedDatabaseSchema>;

export function listedDatabases(items: readonly unknown[]): ListedDatabase[] {
  return items.flatMap((item) => {
    const parsed = listedDatabaseSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
