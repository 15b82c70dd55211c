import { ApiError } from "../../../src/core/errors";
import { allDatabases, PAGE_SIZE } from "../../../src/platforms/redis-cloud/database-list";

/** A subscription of `count` databases, served page by page; past the end as the Pro list answers (404) or the Essentials one (empty). */
function served(count: number, pastTheEnd: "404" | "empty") {
  const asked: number[] = [];
  const page = async ({ offset, limit }: { offset: number; limit: number }) => {
    asked.push(offset);
    expect(limit).toBe(PAGE_SIZE);
    const items = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => ({ databaseId: offset + i + 1 }));
    if (items.length === 0 && pastTheEnd === "404") throw new ApiError("GET", "/v1/subscriptions/1/databases", 404, undefined, "past the end");
    return items;
  };
  return { page, asked };
}

describe("allDatabases: a subscription's databases, page by page", () => {
  it("stops at a page shorter than the limit: 25 databases cost one request", async () => {
    const { page, asked } = served(25, "404");
    expect(await allDatabases(page)).toHaveLength(25);
    expect(asked).toEqual([0]);
  });

  it("reads on while pages are full, and takes a 404 past the end as the end, as the Go client's pager does", async () => {
    const { page, asked } = served(200, "404");
    expect(await allDatabases(page)).toHaveLength(200);
    expect(asked).toEqual([0, 100, 200]);
  });

  it("takes an empty page as the end, as the Essentials list answers", async () => {
    const { page, asked } = served(100, "empty");
    expect(await allDatabases(page)).toHaveLength(100);
    expect(asked).toEqual([0, 100]);
  });

  it("reads a 404 on the first page as no database, and lets any other error through", async () => {
    expect(await allDatabases(served(0, "404").page)).toEqual([]);
    const refused = async () => {
      throw new ApiError("GET", "/v1/subscriptions/1/databases", 403, undefined, "not allowed");
    };
    await expect(allDatabases(refused)).rejects.toThrow(/403/);
  });
});
