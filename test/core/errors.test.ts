import { ApiError, DEBUG_ENV, explain, UserFacingError } from "../../src/core/errors";

describe("explain", () => {
  it("prints our own errors as they read", () => {
    expect(explain(new UserFacingError("set X"))).toBe("set X");
    expect(explain(new ApiError("GET", "/v1/bdbs/1", 500, "oops", "broken", "https://h:9443"))).toBe(
      "GET /v1/bdbs/1 answered 500 oops: broken (https://h:9443)",
    );
  });

  it("prints an unanticipated error as one line with how to see its stack, not the stack", () => {
    const bug = new TypeError("cannot read properties of undefined\nsecond line");
    const text = explain(bug);
    expect(text).toBe(`unexpected TypeError: cannot read properties of undefined (re-run with ${DEBUG_ENV}=1 for the stack trace, and report it)`);
    expect(text).not.toMatch(/\n/);
  });

  it("prints the stack when asked to debug", () => {
    const bug = new TypeError("boom");
    expect(explain(bug, true)).toBe(bug.stack);
  });
});
