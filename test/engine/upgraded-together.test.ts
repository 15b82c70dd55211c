import { decide } from "../../src/engine";
import { flagDisagreements } from "../../src/engine/upgraded-together";
import { parseVersion } from "../../src/versions";

const row = (address: string, pinned: string) => ({ address, pinned, warnings: [] as string[] });
const group = { group: "Redis Cloud Active-Active subscription 1", databases: ["db 1", "db 2"] };

describe("pins on databases one request upgrades together", () => {
  it("get a warning naming every pin when they disagree, and none when they agree or stand apart", () => {
    const flagged = flagDisagreements([row("a", "7.4"), row("b", "8.2"), row("c", "8.2")], [group, group, undefined]);
    expect(flagged[0].warnings).toEqual([expect.stringMatching(/subscription 1: one request upgrades all its databases to one version, but the pins disagree \(a pins 7\.4, b pins 8\.2\)/)]);
    expect(flagged[1].warnings).toHaveLength(1);
    expect(flagged[2].warnings).toEqual([]);
    expect(flagDisagreements([row("a", "7.4"), row("b", "7.4")], [group, group]).flatMap((r) => r.warnings)).toEqual([]);
  });
});

describe("decide with a request held for later", () => {
  const scheduled = { to: parseVersion("7.4"), why: "held for the window", lookup: "GET /upgrade" };
  const observed = { current: parseVersion("7.2"), status: "active", scheduled };

  it("is scheduled when the held request reaches the pin, and sends nothing", () => {
    expect(decide(parseVersion("7.4"), observed)).toMatchObject({ action: "scheduled", scheduled });
  });

  it("refuses a pin the held request would not reach, naming it", () => {
    expect(decide(parseVersion("8.2"), observed)).toMatchObject({
      action: "refuse",
      reason: expect.stringMatching(/an upgrade to 7\.4 is already requested and pending/),
    });
  });

  it("is noop once the database reached the pin", () => {
    expect(decide(parseVersion("7.4"), { ...observed, current: parseVersion("7.4") })).toMatchObject({ action: "noop" });
  });
});
