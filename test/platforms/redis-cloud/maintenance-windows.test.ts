import { subscriptionMaintenanceNote } from "../../../src/platforms/redis-cloud/maintenance-windows";
import { CloudWorld, startCloud } from "../../support/cloud-account";

/*
 * The plan shows a Pro subscription's own maintenance windows next to the
 * pin's, read with GET /v1/subscriptions/{id}/maintenance-windows; an error
 * becomes a note and the plan goes on.
 */
describe("a subscription's own maintenance windows, for the plan", () => {
  let cloud: CloudWorld;
  beforeEach(async () => {
    cloud = await startCloud();
  });
  afterEach(() => cloud.close());
  const note = (plan: "pro" | "essentials", subscriptionId = 1) =>
    subscriptionMaintenanceNote(cloud.spec({ subscriptionId, databaseId: 2, plan, redisVersion: "7.4" }), cloud.context, cloud.transport);

  it("lists manual windows, as the API gives them", async () => {
    cloud.simulator.addSubscription({
      subscriptionId: 1,
      plan: "pro",
      maintenanceWindows: { mode: "manual", timeZone: "Europe/Paris", windows: [{ days: ["Monday", "Wednesday"], startHour: 3, durationInHours: 8 }] },
    });
    expect(await note("pro")).toBe(
      "subscription 1's own maintenance windows (Redis Cloud runs its maintenance and scheduled upgrades in them): Monday, Wednesday from 03:00 for 8 h (time zone Europe/Paris)",
    );
  });

  it("says when Redis Cloud chooses the time", async () => {
    cloud.simulator.addSubscription({ subscriptionId: 1, plan: "pro" });
    expect(await note("pro")).toMatch(/: automatic, Redis Cloud chooses the time$/);
  });

  it("turns a 404 into a note instead of failing", async () => {
    expect(await note("pro", 404)).toMatch(/^subscription 404's own maintenance windows could not be read \(GET \/v1\/subscriptions\/404\/maintenance-windows answered 404.*\); the plan goes on without them$/);
  });

  it("reads nothing for an Essentials database, which has no such windows", async () => {
    expect(await note("essentials")).toBeUndefined();
    expect(cloud.server.requests).toEqual([]);
  });
});
