import { PLAN_COMMENT_MARKER, PlanRow, renderPlan } from "../../src/cli/plan";

const NOTES_74 = "https://redis.io/docs/latest/develop/whats-new/7-4/";
const BREAKING_74 = "https://redis.io/docs/latest/operate/rs/release-notes/rs-7-8-releases/#redis-74-breaking-changes";
const base = { platform: "redis-software", kind: "redis-software-database", pinned: "7.4", releaseNotes: [], warnings: [], notes: [] } as const;

const ROWS: PlanRow[] = [
  {
    ...base,
    address: "app/orders",
    database: "bdb 12 @ https://cluster:9443",
    action: "upgrade",
    current: "7.2.7",
    releaseNotes: [NOTES_74, BREAKING_74],
    warnings: ["7.2.7 → 7.4 crosses documented breaking changes"],
  },
  { ...base, address: "app/cache", database: "bdb 13 @ https://cluster:9443", action: "noop", current: "7.4.2", reason: "already at 7.4.2" },
  {
    ...base,
    address: "app/sessions",
    database: "bdb 15 @ https://cluster:9443",
    action: "resume",
    current: "7.2.7",
    reason: "an upgrade is already running (GET /v1/actions/a1)",
    notes: ["protocol version 1"],
  },
  { ...base, address: "app/legacy", database: "bdb 14 @ https://cluster:9443", action: "refuse", current: "8.0.0", reason: "a downgrade | is never sent" },
  {
    ...base,
    address: "other/far-away-database",
    database: "bdb 9 @ https://127.0.0.1:1",
    action: "error",
    error: "GET /v1/bdbs/9 returned a body we do not understand:\n  - redis_version: required",
  },
];

describe("renderPlan table", () => {
  const text = renderPlan(ROWS, "table");
  const lines = text.split("\n");

  it("aligns every column under its header", () => {
    const header = lines[0];
    expect(header).toMatch(/^PIN +DATABASE +CURRENT +PINNED +ACTION$/);
    ROWS.forEach((row, i) => {
      const line = lines[i + 1];
      expect(line.indexOf(row.database)).toBe(header.indexOf("DATABASE"));
      expect(line.indexOf(row.action)).toBe(header.indexOf("ACTION"));
    });
    expect(lines[5].slice(header.indexOf("CURRENT")).startsWith("?")).toBe(true);
  });

  it("then says what each pin has to say, multi-line errors indented, and ends with the counts", () => {
    expect(text).toContain("app/orders: upgrade 7.2.7 → 7.4\n  warning: 7.2.7 → 7.4 crosses documented breaking changes\n");
    expect(text).toContain(`  release notes: ${NOTES_74}\n  release notes: ${BREAKING_74}\n`);
    expect(text).toContain("app/cache: noop: already at 7.4.2\n");
    expect(text).toContain("app/sessions: resume: an upgrade is already running (GET /v1/actions/a1)\n  note: protocol version 1\n");
    expect(text).toContain("other/far-away-database: error: GET /v1/bdbs/9 returned a body we do not understand:\n    - redis_version: required\n");
    expect(text.endsWith("\n5 pins: 1 to upgrade, 1 to resume, 1 unchanged, 1 refused, 1 unreadable\n")).toBe(true);
  });

  it("says so when there is nothing to plan", () => {
    expect(renderPlan([], "table")).toBe("no version pins found\n");
  });
});

describe("renderPlan markdown", () => {
  const text = renderPlan(ROWS, "markdown");

  it("opens with the comment marker, a heading and the counts, flagging a failing apply", () => {
    expect(text.startsWith(`${PLAN_COMMENT_MARKER}\n## Redis version plan\n\n5 pins: 1 to upgrade`)).toBe(true);
    expect(text).toContain("1 unreadable: **the apply would fail, see below**");
  });

  it("has one table row per pin, escaping pipes and bolding what blocks the apply", () => {
    expect(text).toContain("| Database | Current | Pinned | Action |\n| --- | --- | --- | --- |\n");
    expect(text).toContain("| `app/orders`<br>bdb 12 @ https://cluster:9443 | 7.2.7 | 7.4 | upgrade |");
    expect(text).toContain("| `app/legacy`<br>bdb 14 @ https://cluster:9443 | 8.0.0 | 7.4 | **refuse** |");
    expect(text).toContain("| `other/far-away-database`<br>bdb 9 @ https://127.0.0.1:1 | ? | 7.4 | **error** |");
  });

  it("lists release notes, warnings and notes, then refusals and errors in caution boxes, in that order", () => {
    const order = ["| Database |", "### Release notes to read", "### Warnings", "### Notes from the control planes", "### Refused or unreadable"];
    const at = order.map((heading) => text.indexOf(heading));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain(`- \`app/orders\`: 7.2.7 → 7.4: ${NOTES_74} · ${BREAKING_74}`);
    expect(text).toContain("- `app/orders`: 7.2.7 → 7.4 crosses documented breaking changes");
    expect(text).toContain("> [!CAUTION]\n> **`app/legacy`** on bdb 14 @ https://cluster:9443 refused: a downgrade | is never sent");
    expect(text).toContain(
      "> [!CAUTION]\n> **`other/far-away-database`** on bdb 9 @ https://127.0.0.1:1 could not be read: GET /v1/bdbs/9 returned a body we do not understand:\n>   - redis_version: required",
    );
  });

  it("leaves out empty sections", () => {
    const calm = renderPlan([ROWS[1]], "markdown");
    expect(calm).not.toMatch(/###/);
    expect(calm).not.toContain("would fail");
    expect(renderPlan([], "markdown")).toBe(`${PLAN_COMMENT_MARKER}\n## Redis version plan\n\nno version pins found\n`);
  });
});

describe("renderPlan json", () => {
  const { pins } = JSON.parse(renderPlan(ROWS, "json"));

  it("gives every row the same fields, reasons where a decision has one", () => {
    expect(pins[0]).toEqual({
      address: "app/orders",
      platform: "redis-software",
      kind: "redis-software-database",
      database: "bdb 12 @ https://cluster:9443",
      current: "7.2.7",
      pinned: "7.4",
      action: "upgrade",
      releaseNotes: [NOTES_74, BREAKING_74],
      warnings: ["7.2.7 → 7.4 crosses documented breaking changes"],
      notes: [],
    });
    expect(pins.map((pin: { action: string }) => pin.action)).toEqual(["upgrade", "noop", "resume", "refuse", "error"]);
    expect(pins[3].reason).toBe("a downgrade | is never sent");
  });

  it("marks an unreadable pin with action error, the error and a null current", () => {
    expect(pins[4]).toMatchObject({ action: "error", current: null, error: expect.stringContaining("GET /v1/bdbs/9") });
    expect(pins[4]).not.toHaveProperty("reason");
  });
});

describe("a RedisVersionRollout's rows", () => {
  const wave = (index: number, name: string) => ({ rollout: { name: "app/rollout", wave: name, index } });
  const waiting = { address: "staging/orders", pinned: "7.4", current: "7.4", state: "soaking", soakHours: 48, soakedHours: 2.5, soakCompletesAt: "2026-12-03T09:30:00.000Z" } as const;
  const rows: PlanRow[] = [
    { ...base, ...wave(2, "production"), address: "production/orders", database: "bdb 12 @ https://prod:9443", action: "deferred", current: "7.2.7", reason: "upgradeAfter with soakHours 48: staging/orders has soaked 2h 30m of 48h", waitingOn: [waiting] },
    { ...base, address: "tools/cache", database: "bdb 3 @ https://tools:9443", action: "noop", current: "7.4.2", reason: "already at 7.4.2" },
    { ...base, ...wave(1, "staging"), address: "staging/orders", database: "bdb 22 @ https://staging:9443", action: "noop", current: "7.4.2", reason: "already at 7.4.2" },
  ];

  it("come wave by wave after the pins of no rollout, under a line naming each wave", () => {
    const lines = renderPlan(rows, "table").split("\n");
    expect(lines.slice(1, 6).map((line) => (line.startsWith("-- ") ? line : line.split(" ")[0]))).toEqual([
      "tools/cache",
      "-- rollout app/rollout, wave 1: staging",
      "staging/orders",
      "-- rollout app/rollout, wave 2: production",
      "production/orders",
    ]);
  });

  it("get a markdown table per wave, and the reason they wait under Waiting", () => {
    const text = renderPlan(rows, "markdown");
    expect(text.indexOf("#### rollout app/rollout, wave 1: staging")).toBeLessThan(text.indexOf("#### rollout app/rollout, wave 2: production"));
    expect(text).toContain("### Waiting\n\n- `production/orders`: deferred: upgradeAfter with soakHours 48: staging/orders has soaked 2h 30m of 48h");
  });

  it("carry their wave, and a deferred pin what it waits on, in JSON", () => {
    const pins = JSON.parse(renderPlan(rows, "json")).pins;
    expect(pins.map((pin: { address: string }) => pin.address)).toEqual(["tools/cache", "staging/orders", "production/orders"]);
    expect(pins[2]).toMatchObject({ action: "deferred", rollout: { name: "app/rollout", wave: "production", index: 2 }, waitingOn: [waiting] });
    expect(pins[0]).not.toHaveProperty("rollout");
    expect(pins[0]).not.toHaveProperty("waitingOn");
  });
});
