import { Deadline } from "../../src/core/deadline";
import { DeadlineError, UserFacingError } from "../../src/core/errors";

const TERMS = { budget: "timeoutMinutes: 2", afterwards: "the next apply reads the database first" };

describe("Deadline", () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it("counts the time left down to zero, never below", () => {
    const deadline = Deadline.after(5_000, TERMS, now);
    expect(deadline.remaining()).toBe(5_000);
    clock += 7_000;
    expect(deadline.remaining()).toBe(0);
  });

  it("lets a wait run only when it ends before the deadline", async () => {
    const deadline = Deadline.after(5_000, TERMS, now);
    const waited: number[] = [];
    await deadline.sleep(4_999, "a poll", async (ms) => void waited.push(ms));
    expect(waited).toEqual([4_999]);
    const error = await deadline.sleep(5_000, "the next poll", async (ms) => void waited.push(ms)).catch((failure: Error) => failure);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toBe(
      "waiting 5.0s for the next poll would pass the deadline (timeoutMinutes: 2); stopped without waiting: the next apply reads the database first",
    );
    expect(waited).toEqual([4_999]);
  });

  it("says what was being waited for once it has passed", () => {
    const deadline = Deadline.after(10, TERMS, now);
    expect(() => deadline.check("the task")).not.toThrow();
    clock += 10;
    expect(() => deadline.check("the task")).toThrow(
      "the deadline (timeoutMinutes: 2) passed while waiting for the task: the next apply reads the database first",
    );
  });

  it("gives a signal that aborts at the earlier of the cap and the deadline", async () => {
    const deadline = Deadline.after(50, TERMS);
    const signal = deadline.signal(60_000);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signal.aborted).toBe(true);
    expect(Deadline.after(60_000, TERMS).signal(60_000).aborted).toBe(false);
  });
});
