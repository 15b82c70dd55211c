import { parsePlanArgs } from "../../src/cli/plan";

describe("redis-version plan --concurrency", () => {
  it("is unset by default, so every control plane keeps its own bounds", () => {
    expect(parsePlanArgs([])).toMatchObject({ kind: "run", options: { concurrency: undefined } });
  });

  it("takes a whole number of reads in flight", () => {
    expect(parsePlanArgs(["--concurrency", "1"])).toMatchObject({ kind: "run", options: { concurrency: 1 } });
  });

  it.each(["0", "1.5", "many"])("refuses %s as a usage error naming the flag", (value) => {
    expect(parsePlanArgs(["--concurrency", value])).toEqual({ kind: "usage-error", problem: `--concurrency must be a whole number, at least 1 (got "${value}")` });
  });
});
