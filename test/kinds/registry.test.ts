import { profileOf } from "../../src/kinds";
import { activeActiveSpec, cloudSpec, softwareSpec } from "../support/specs";

describe("profileOf", () => {
  it("names each kind of database the way its console does", () => {
    expect(profileOf(softwareSpec()).database).toBe("bdb 12 @ https://cluster.example.com:9443");
    expect(profileOf(activeActiveSpec()).database).toBe("crdb 1c2d3e4f-0000-4000-8000-00000000abcd @ https://cluster.example.com:9443");
    expect(profileOf(cloudSpec({ plan: "essentials" })).database).toBe("subscription 1/db 5678 (essentials)");
  });

  it("gives the catalogue platform, the Cloud plan and whether the pin is Active-Active", () => {
    expect(profileOf(softwareSpec())).toMatchObject({ platform: "redis-software", activeActive: false });
    expect(profileOf(activeActiveSpec())).toMatchObject({ platform: "redis-software", activeActive: true });
    expect(profileOf(cloudSpec())).toMatchObject({ platform: "redis-cloud", activeActive: false, cloudPlan: "pro" });
  });

  it("groups pins by control plane: one cluster address, one Cloud account key variable", () => {
    const key = (spec: Parameters<typeof profileOf>[0]) => profileOf(spec).controlPlane;
    const sameCluster = softwareSpec({ cluster: { url: "https://cluster.example.com:9443/", usernameEnv: "U", passwordEnv: "P" }, databaseUid: 13 });
    expect(key(sameCluster)).toBe(key(softwareSpec()));
    expect(key(activeActiveSpec())).toBe(key(softwareSpec()));
    expect(key(cloudSpec())).toBe(key(cloudSpec({ databaseId: 9 })));
    expect(key(cloudSpec({ api: { accessKeyEnv: "OTHER_ACCOUNT" } }))).not.toBe(key(cloudSpec()));
  });

  it("reads a Redis Cloud account well within its 400 requests a minute", () => {
    const { bounds } = profileOf(cloudSpec());
    const startsPerMinute = 60_000 / bounds.minIntervalMs;
    // An observation sends a handful of GETs at most.
    expect(startsPerMinute * 4).toBeLessThanOrEqual(200);
    expect(profileOf(softwareSpec()).bounds).toEqual({ concurrency: 8, minIntervalMs: 0 });
  });

  it("lists the data-discard options an upgrade would send", () => {
    expect(profileOf(softwareSpec({ upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true })).dataLossFlags).toEqual(["mayDiscardData"]);
    expect(profileOf(activeActiveSpec({ upgrade: { forceDiscard: true }, acknowledgeDataLoss: true })).dataLossFlags).toEqual(["forceDiscard"]);
    expect(profileOf(cloudSpec()).dataLossFlags).toEqual([]);
  });
});
