import * as z from "zod";
import { explain } from "../../core/errors";
import { CLOUD_URL_ENV, CloudDatabaseSpec } from "../../spec";
import { PlatformContext } from "../context";
import { connectCloud, TransportTuning } from "./connect";

/**
 * `GET /v1/subscriptions/{id}/maintenance-windows` (OpenAPI schema
 * SubscriptionMaintenanceWindows; fixture rc-go-maintenance-windows-manual.json).
 * `timeZone` is kept as text: the Go client's example holds the placeholder "string".
 */
const maintenanceWindowsSchema = z.object({
  mode: z.string(),
  timeZone: z.string().optional(),
  windows: z
    .array(z.object({ days: z.array(z.string()).default([]), startHour: z.number().int(), durationInHours: z.number().int() }))
    .default([]),
});
type SubscriptionWindows = z.infer<typeof maintenanceWindowsSchema>;

/**
 * A plan-only note on a Pro subscription's own maintenance windows, in which
 * Redis Cloud runs its maintenance and the upgrades it schedules. Essentials
 * subscriptions have none. An error or a 404 becomes the note: the plan goes on.
 */
export function subscriptionMaintenanceNote(spec: CloudDatabaseSpec, context: PlatformContext, tuning: TransportTuning = {}): Promise<string | undefined> {
  if (spec.plan === "essentials") return Promise.resolve(undefined);
  // Every pin of a subscription shows the same note: one plan reads it once, sparing the account's request budget.
  const key = `${spec.api.url ?? context.env[CLOUD_URL_ENV] ?? ""} ${spec.api.accessKeyEnv} ${spec.subscriptionId}`;
  const known = readNotes.get(key);
  if (known) return known;
  const note = readNote(spec, context, tuning);
  readNotes.set(key, note);
  return note;
}

const readNotes = new Map<string, Promise<string | undefined>>();

async function readNote(spec: CloudDatabaseSpec, context: PlatformContext, tuning: TransportTuning): Promise<string | undefined> {
  const api = connectCloud(spec.api, context, tuning);
  const path = `${api.prefix}/subscriptions/${spec.subscriptionId}/maintenance-windows`;
  try {
    return describe(spec.subscriptionId, (await api.http.get(path, maintenanceWindowsSchema)).body);
  } catch (error) {
    return `subscription ${spec.subscriptionId}'s own maintenance windows could not be read (${explain(error)}); the plan goes on without them`;
  }
}

function describe(subscriptionId: number, windows: SubscriptionWindows): string {
  const head = `subscription ${subscriptionId}'s own maintenance windows (Redis Cloud runs its maintenance and scheduled upgrades in them)`;
  if (windows.mode !== "manual" || windows.windows.length === 0) return `${head}: ${windows.mode}, Redis Cloud chooses the time`;
  const listed = windows.windows.map(
    (window) => `${window.days.join(", ")} from ${String(window.startHour).padStart(2, "0")}:00 for ${window.durationInHours} h`,
  );
  return `${head}: ${listed.join("; ")}${windows.timeZone ? ` (time zone ${windows.timeZone})` : ""}`;
}
