import {
  CATALOGUE,
  CATALOGUE_AS_OF,
  END_OF_LIFE_NOTICE_DAYS,
  InvalidVersionError,
  lookup,
  parseReportedVersion,
  parseVersion,
  releaseNotesFor,
  warningsFor,
} from "../../src/versions";

const RC = "https://redis.io/docs/latest/operate/rc/changelog/version-release-notes";
const RS = "https://redis.io/docs/latest/operate/rs/release-notes";
const WHATS_NEW = "https://redis.io/docs/latest/develop/whats-new";

/** A day when every Redis Cloud line in the catalogue is supported and none ends within the notice window. */
const CALM_DAY = new Date("2025-01-15T12:00:00Z");

describe("the catalogue table", () => {
  it("lists each line once per platform", () => {
    const keys = CATALOGUE.map((entry) => `${entry.platform} ${entry.line}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("holds only major.minor lines and ISO end-of-life dates", () => {
    for (const entry of CATALOGUE) {
      expect(parseVersion(entry.line).patch).toBeUndefined();
      if (entry.endOfLife !== undefined) expect(entry.endOfLife).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("links only to redis.io docs pages", () => {
    for (const entry of CATALOGUE) {
      for (const url of [entry.releaseNotes, entry.breakingChanges].filter((u) => u !== undefined)) {
        expect(url).toMatch(/^https:\/\/redis\.io\/docs\/latest\/[a-z0-9/._-]+\/(#[a-z0-9-]+)?$/);
      }
    }
  });

  it("keeps Redis Cloud-only facts off Redis Software entries", () => {
    for (const entry of CATALOGUE.filter((e) => e.platform === "redis-software")) {
      expect([entry.status, entry.support, entry.endOfLife, entry.plans]).toEqual([undefined, undefined, undefined, undefined]);
    }
  });

  it("cannot be changed by a caller", () => {
    const entry = lookup("6.2", "redis-cloud")!;
    expect(Object.isFrozen(CATALOGUE)).toBe(true);
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.plans)).toBe(true);
    expect(() => (entry.plans as string[]).push("essentials")).toThrow(TypeError);
  });
});

describe("lookup", () => {
  it("finds a line's Redis Cloud facts", () => {
    expect(lookup("8.2", "redis-cloud")).toEqual({
      platform: "redis-cloud",
      line: "8.2",
      status: "ga",
      support: "LTS",
      endOfLife: "2030-09-01",
      plans: ["essentials", "pro"],
      releaseNotes: `${RC}/8-2/`,
      breakingChanges: `${RC}/8-2/#breaking-changes`,
    });
  });

  it("finds a line's Redis Software facts", () => {
    expect(lookup("8.6", "redis-software")).toEqual({
      platform: "redis-software",
      line: "8.6",
      bundledSince: "8.0.18",
      releaseNotes: `${WHATS_NEW}/8-6/`,
    });
  });

  it("looks up a release by its line", () => {
    expect(lookup("7.4.2", "redis-cloud")?.line).toBe("7.4");
    expect(lookup(parseReportedVersion("6.0-big"), "redis-software")?.droppedIn).toBe("7.8");
  });

  it("leaves a documented TBD end of life undefined", () => {
    expect(lookup("8.6", "redis-cloud")?.endOfLife).toBeUndefined();
  });

  it("keeps the platforms apart", () => {
    expect(lookup("6.0", "redis-cloud")).toBeUndefined();
    expect(lookup("6.0", "redis-software")).toBeDefined();
  });

  it("returns undefined for a well-formed line it does not know", () => {
    expect(lookup("9.0", "redis-cloud")).toBeUndefined();
  });

  it("rejects a malformed version instead of guessing", () => {
    expect(() => lookup("latest", "redis-cloud")).toThrow(InvalidVersionError);
  });
});

describe("releaseNotesFor", () => {
  it("lists every line after the current one up to the target, each Redis Cloud page once", () => {
    expect(releaseNotesFor("7.2", "8.2", "redis-cloud")).toEqual([`${RC}/7-4/`, `${RC}/8-0/`, `${RC}/8-2/`]);
  });

  it("adds Redis Software's breaking-changes sections after each line's notes", () => {
    expect(releaseNotesFor("6.2", "8.2", "redis-software")).toEqual([
      `${WHATS_NEW}/7-2/`,
      `${RS}/rs-7-2-4-releases/rs-7-2-4-52/#redis-72-breaking-changes`,
      `${WHATS_NEW}/7-4/`,
      `${RS}/rs-7-8-releases/#redis-74-breaking-changes`,
      `${WHATS_NEW}/8-0/`,
      `${RS}/rs-8-0-releases/#redis-8-breaking-changes`,
      `${WHATS_NEW}/8-2/`,
    ]);
  });

  it("crosses nothing within a line, whatever the patches", () => {
    expect(releaseNotesFor("7.4.2", "7.4.5", "redis-cloud")).toEqual([]);
    expect(releaseNotesFor("7.4", "7.4", "redis-cloud")).toEqual([]);
  });

  it("counts a patch of the current line as that line", () => {
    expect(releaseNotesFor("8.2.1", "8.4", "redis-cloud")).toEqual([`${RC}/8-4/`]);
  });

  it("crosses nothing backwards", () => {
    expect(releaseNotesFor("8.2", "7.4", "redis-cloud")).toEqual([]);
  });

  it("skips lines with no page and lines it does not know", () => {
    expect(releaseNotesFor("6.0", "6.2", "redis-cloud")).toEqual([]);
    expect(releaseNotesFor("8.4", "9.2", "redis-cloud")).toEqual([`${RC}/8-6/`]);
  });
});

describe("warningsFor", () => {
  it("has nothing to say about a calm minor upgrade", () => {
    expect(warningsFor({ platform: "redis-cloud", current: "8.2", target: "8.4", today: CALM_DAY })).toEqual([]);
  });

  it("names the breaking-changes pages of a major upgrade", () => {
    const warnings = warningsFor({ platform: "redis-cloud", current: "7.2", target: "8.2", today: CALM_DAY });
    expect(warnings).toEqual([
      "7.2 → 8.2 is a major upgrade (Redis 7 → Redis 8) and may break applications; review the breaking changes: " +
        `${RC}/7-4/#breaking-changes ${RC}/8-0/#breaking-changes ${RC}/8-2/#breaking-changes`,
    ]);
  });

  it("names Redis Software's Redis 8 breaking changes for 7.4 → 8.2", () => {
    const [warning] = warningsFor({ platform: "redis-software", current: "7.4.2", target: "8.2", today: CALM_DAY });
    expect(warning).toContain("is a major upgrade (Redis 7 → Redis 8)");
    expect(warning).toContain(`${RS}/rs-8-0-releases/#redis-8-breaking-changes`);
  });

  it("points a major upgrade with no catalogued breaking changes at the release-notes index", () => {
    const warnings = warningsFor({ platform: "redis-cloud", current: "8.6", target: "9.0", today: CALM_DAY });
    expect(warnings).toContainEqual(expect.stringContaining(`review the release notes: ${RC}/`));
  });

  it("warns when a minor upgrade crosses documented breaking changes", () => {
    expect(warningsFor({ platform: "redis-software", current: "7.2", target: "7.4", today: CALM_DAY })).toEqual([
      `7.2 → 7.4 crosses documented breaking changes; review: ${RS}/rs-7-8-releases/#redis-74-breaking-changes`,
    ]);
  });

  it("warns about a preview target", () => {
    const warnings = warningsFor({ platform: "redis-cloud", current: "8.0", target: "8.0", today: CALM_DAY });
    expect(warnings).toEqual(["Redis 8.0 is a preview version on Redis Cloud, not generally available."]);
  });

  it("says an unknown target is for the live API to decide and never a blocker", () => {
    const warnings = warningsFor({ platform: "redis-cloud", current: "8.6", target: "8.8", today: CALM_DAY });
    expect(warnings).toEqual([
      `Redis 8.8 is not in this project's version catalogue for Redis Cloud (facts as of ${CATALOGUE_AS_OF}): ` +
        "the live API decides whether it is offered, so this is not a blocker, " +
        "but no end-of-life, preview or release-notes facts are known for it.",
    ]);
  });

  it("does not warn about an unknown current version the control plane reported", () => {
    expect(warningsFor({ platform: "redis-software", current: "6.1", target: "6.2", today: CALM_DAY })).toEqual([]);
  });

  it("works without a current version, checking the target alone", () => {
    expect(warningsFor({ platform: "redis-cloud", target: "8.0", today: CALM_DAY })).toEqual([
      "Redis 8.0 is a preview version on Redis Cloud, not generally available.",
    ]);
  });

  describe("end of life", () => {
    it("warns that the current version has reached it, and what Redis Cloud then does", () => {
      const warnings = warningsFor({ platform: "redis-cloud", current: "6.2", target: "6.2", today: new Date("2027-04-01T00:00:00Z") });
      expect(warnings).toEqual([
        "The database's current version, Redis 6.2, reached end of life on Redis Cloud on 2027-04-01: " +
          "Redis Cloud upgrades such databases to the next minor version in a maintenance window.",
      ]);
    });

    it("warns once, not twice, when the pin is the current line", () => {
      const warnings = warningsFor({ platform: "redis-cloud", current: "6.2.10", target: "6.2", today: new Date("2028-01-01") });
      expect(warnings).toHaveLength(1);
    });

    it("warns about a pinned version past its end of life", () => {
      const warnings = warningsFor({ platform: "redis-cloud", current: "7.2", target: "8.0", today: new Date("2026-12-02") });
      expect(warnings).toContain(
        "The pinned version, Redis 8.0, reached end of life on Redis Cloud on 2026-12-01: " +
          "Redis Cloud upgrades such databases to the next minor version in a maintenance window.",
      );
    });

    it("counts the days to an end of life within the notice window", () => {
      const warnings = warningsFor({ platform: "redis-cloud", current: "8.2", target: "8.4", today: new Date("2026-12-02T23:59:59Z") });
      expect(warnings).toEqual(["The pinned version, Redis 8.4, reaches end of life on Redis Cloud on 2027-01-01, in 30 days."]);
    });

    it("stays quiet one day before the notice window opens", () => {
      const eol = Date.parse("2027-01-01");
      const today = new Date(eol - (END_OF_LIFE_NOTICE_DAYS + 1) * 24 * 60 * 60 * 1000);
      expect(warningsFor({ platform: "redis-cloud", current: "8.2", target: "8.4", today })).toEqual([]);
      const opened = new Date(eol - END_OF_LIFE_NOTICE_DAYS * 24 * 60 * 60 * 1000);
      expect(warningsFor({ platform: "redis-cloud", current: "8.2", target: "8.4", today: opened })).toHaveLength(1);
    });

    it("warns that Redis Software no longer bundles a dropped line", () => {
      const warnings = warningsFor({ platform: "redis-software", current: "6.0", target: "6.2", today: CALM_DAY });
      expect(warnings).toEqual([
        "The database's current version, Redis 6.0, is not bundled with Redis Software 7.8 or later: " +
          "databases must leave it before their cluster is upgraded to such a release.",
      ]);
    });
  });

  describe("Redis Cloud plans", () => {
    it("warns when the plan is not listed for the target", () => {
      const warnings = warningsFor({ platform: "redis-cloud", current: "6.2", target: "6.2", today: CALM_DAY, plan: "essentials" });
      expect(warnings).toEqual([
        "Redis Cloud lists Redis 6.2 for Pro only, not Essentials: the live API decides whether this database can use it.",
      ]);
    });

    it("is quiet when the plan is listed or unknown", () => {
      expect(warningsFor({ platform: "redis-cloud", current: "7.4", target: "8.2", today: CALM_DAY, plan: "pro" })).toHaveLength(1);
      expect(warningsFor({ platform: "redis-cloud", current: "7.4", target: "8.2", today: CALM_DAY })).toHaveLength(1);
    });
  });

  it("accepts parsed versions as well as pins", () => {
    const warnings = warningsFor({
      platform: "redis-software",
      current: parseReportedVersion("6.0-big"),
      target: parseVersion("6.0"),
      today: CALM_DAY,
    });
    expect(warnings).toHaveLength(1);
  });
});
