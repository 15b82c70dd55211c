import { Deadline } from "../../src/core/deadline";
import { DeadlineError, UserFacingError } from "../../src/core/errors";
import { virtualClock } from "../support/clock";

const TERMS = { budget: "timeoutMinutes: 2", afterwards: "the next apply reads the database first" };

describe("Deadline", () => {
  let clock = virtualClock(1_000);
  beforeEach(() => {
    clock = virtualClock(1_000);
  });

  it("counts the time left down to zero, never below", () => {
    const deadline = Deadline.after(5_000, TERMS, clock);
    expect(deadline.remaining()).toBe(5_000);
    clock.advance(7_000);
    expect(deadline.remaining()).toBe(0);
  });

  it("lets a wait run only when it ends before the deadline", async () => {
    const deadline = Deadline.after(5_000, TERMS, clock);
    const waited = clock.slept;
    await deadline.sleep(4_999, "a poll");
    expect(waited).toEqual([4_999]);
    const error = await deadline.sleep(1, "the next poll").catch((failure: Error) => failure);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toBe(
      "waiting 0.0s for the next poll would pass the deadline (timeoutMinutes: 2); stopped without waiting: the next apply reads the database first",
    );
    expect(waited).toEqual([4_999]);
  });

  it("says what was being waited for once it has passed", () => {
    const deadline = Deadline.after(10, TERMS, clock);
    expect(() => deadline.check("the task")).not.toThrow();
    clock.advance(10);
    expect(() => deadline.check("the task")).toThrow(
      "the deadline (timeoutMinutes: 2) passed while waiting for the task: the next apply reads the database first",
    );
  });

  it("gives a signal that aborts at the earlier of the cap and the deadline, on the run's clock", () => {
    const deadline = Deadline.after(50, TERMS, clock);
    const signal = deadline.signal(60_000);
    const capped = Deadline.after(60_000, TERMS, clock).signal(40);
    clock.advance(40);
    expect([signal.aborted, capped.aborted]).toEqual([false, true]);
    clock.advance(10);
    expect(signal.aborted).toBe(true);
  });

  it("says how long it was given, as the setting reads", () => {
    expect(Deadline.after(30 * 60_000, TERMS, clock).describeSpan()).toBe("30 minutes");
    expect(Deadline.after(90_000, TERMS, clock).describeSpan()).toBe("90s");
  });
});
