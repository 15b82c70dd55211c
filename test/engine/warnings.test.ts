import { profileOf } from "../../src/kinds";
import { upgradeWarnings } from "../../src/engine";
import { Observation } from "../../src/engine";
import { Spec } from "../../src/spec";
import { parseVersion } from "../../src/versions";
import { activeActiveSpec, cloudSpec, softwareSpec } from "../support/specs";

/** Redis Cloud 8.0 reaches end of life on 2026-12-01, 6.2 on 2027-04-01. */
const TODAY = new Date("2026-11-01T09:00:00Z");

function observed(current: string, extra: Partial<Observation> = {}): Observation {
  return { current: parseVersion(current), status: "active", ...extra };
}

function warnings(spec: Spec, observation: Observation | undefined, decided?: "upgrade" | "noop" | "resume" | "refuse"): string[] {
  return upgradeWarnings({ pinned: parseVersion(spec.redisVersion), profile: profileOf(spec), observed: observation, action: decided, today: TODAY });
}

describe("upgradeWarnings", () => {
  it("passes on the catalogue's warnings: major upgrade, preview, end of life, plan", () => {
    const found = warnings(cloudSpec({ redisVersion: "8.0" }), observed("7.4"), "refuse");
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^7\.4 → 8\.0 is a major upgrade \(Redis 7 → Redis 8\)/),
        "Redis 8.0 is a preview version on Redis Cloud, not generally available.",
        "The pinned version, Redis 8.0, reaches end of life on Redis Cloud on 2026-12-01, in 30 days.",
        expect.stringMatching(/lists Redis 8\.0 for Essentials only, not Pro/),
      ]),
    );
    expect(warnings(cloudSpec({ redisVersion: "7.2" }), observed("6.2"), "upgrade")).toContain(
      "The database's current version, Redis 6.2, reaches end of life on Redis Cloud on 2027-04-01, in 151 days.",
    );
  });

  it("still warns about the pin itself when the database could not be read", () => {
    expect(warnings(cloudSpec({ redisVersion: "8.0", plan: "essentials" }), undefined)).toEqual([
      "Redis 8.0 is a preview version on Redis Cloud, not generally available.",
      "The pinned version, Redis 8.0, reaches end of life on Redis Cloud on 2026-12-01, in 30 days.",
    ]);
  });

  it("names the data-discard options when apply would send them, with a new upgrade only", () => {
    const both = softwareSpec({ upgrade: { mayDiscardData: true, forceDiscard: true }, acknowledgeDataLoss: true });
    expect(warnings(both, observed("7.4.2"), "upgrade")).toContain(
      "upgrade.mayDiscardData and upgrade.forceDiscard are set (acknowledged with acknowledgeDataLoss): this upgrade may discard the database's data.",
    );
    const one = softwareSpec({ upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true });
    expect(warnings(one, observed("7.2.7"), "upgrade").join("\n")).toMatch(/upgrade\.mayDiscardData is set/);
    for (const action of ["noop", "resume", "refuse"] as const) {
      expect(warnings(one, observed("7.2.7"), action).join("\n")).not.toMatch(/discard/);
    }
  });

  describe("Active-Active cautions", () => {
    const caution = /Active-Active database moving from Redis 7\.4\.2 to 8\.0: run no Search or JSON commands until every participant/;
    const anyCaution = /commands until every participant/;

    it("applies to an Active-Active pin leaving Redis 7 for Redis 8, while apply upgrades or resumes", () => {
      const spec = activeActiveSpec({ redisVersion: "8.0" });
      expect(warnings(spec, observed("7.4.2"), "upgrade").join("\n")).toMatch(caution);
      expect(warnings(spec, observed("7.4.2"), "resume").join("\n")).toMatch(caution);
      expect(warnings(spec, observed("7.4.2"), "refuse").join("\n")).not.toMatch(anyCaution);
      expect(warnings(spec, undefined).join("\n")).not.toMatch(anyCaution);
    });

    it("applies when the control plane reports an Active-Active database, as Redis Cloud does", () => {
      const participants = [{ name: "us-east-1", version: "7.4.2" }, { name: "eu-west-1", version: "7.4.2" }];
      const activeActive = observed("7.4.2", { activeActive: true, participants });
      expect(warnings(cloudSpec({ redisVersion: "8.0" }), activeActive, "upgrade").join("\n")).toMatch(caution);
      expect(warnings(cloudSpec({ redisVersion: "8.0" }), observed("7.4.2"), "upgrade").join("\n")).not.toMatch(anyCaution);
    });

    it("names only the Search and JSON modules the database runs, when the platform lists them", () => {
      const spec = (to: string) => activeActiveSpec({ redisVersion: to });
      const withModules = (from: string, modules: string[]) => observed(from, { activeActive: true, modules });
      expect(warnings(spec("8.0"), withModules("7.4.2", ["search", "bf"]), "upgrade").join("\n")).toMatch(/run no search commands/);
      expect(warnings(spec("8.2"), withModules("7.2.7", ["ReJSON"]), "upgrade").join("\n")).toMatch(/run no ReJSON commands/);
      expect(warnings(spec("8.0"), withModules("7.4.2", ["timeseries", "bf"]), "upgrade").join("\n")).not.toMatch(anyCaution);
    });

    it("does not apply within Redis 7 or within Redis 8", () => {
      expect(warnings(activeActiveSpec({ redisVersion: "7.4" }), observed("7.2.7"), "upgrade").join("\n")).not.toMatch(anyCaution);
      expect(warnings(activeActiveSpec({ redisVersion: "8.2" }), observed("8.0.0"), "upgrade").join("\n")).not.toMatch(anyCaution);
    });

    it("explains keepCrdtProtocolVersion whenever the upgrade is sent or followed", () => {
      const keep = activeActiveSpec({ redisVersion: "8.2", upgrade: { keepCrdtProtocolVersion: true } });
      expect(warnings(keep, observed("8.0"), "upgrade").join("\n")).toMatch(/keepCrdtProtocolVersion keeps the CRDT protocol/);
      expect(warnings(keep, observed("8.2"), "noop").join("\n")).not.toMatch(/keepCrdtProtocolVersion/);
    });
  });
});
