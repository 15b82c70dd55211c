import { Clock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { RedisVersion } from "../versions";
import { Operation, Progress, Step, UpgradeEnd, Upgrader } from "./port";
import { DEFAULT_SCHEDULE, FollowSchedule, nextWait } from "./schedule";

/** The deadline passed first, with the last progress the operation reported. */
export interface TimedOut {
  readonly kind: "timeout";
  readonly last?: Progress;
}

export interface FollowLoop {
  readonly clock: Clock;
  readonly deadline: Deadline;
  /** The shortest wait between reads, and the wait before the first one. */
  readonly pollIntervalMs: number;
  /** The longest wait between reads; the schedule's default ceiling when unset. */
  readonly pollMaxMs?: number;
  readonly onProgress: (progress: Progress) => void;
}

/**
 * The one follow loop (the AWS CDK provider framework's isComplete): the
 * platform reads the operation once per `step`, and this loop decides when
 * to read again (the adaptive schedule, src/engine/schedule.ts), passes on
 * the progress, and stops at the deadline. The first read comes one minimum
 * wait after the start: an operation just submitted has nothing to show
 * sooner; a wait is cut to the deadline, which ends the follow there. Nothing but an end or the deadline stops it: an operation queued
 * behind others, or in a status no source lists, is followed, since only
 * the user's timeout says how long is too long. Whatever a read learns that
 * the next needs (a later phase, a task seen once) comes back in the step's
 * `operation`, so the platform keeps nothing between reads.
 */
export async function followSteps<Op, End>(first: Op, step: (operation: Op) => Promise<Step<Op, End>>, loop: FollowLoop): Promise<End | TimedOut> {
  const { clock, deadline } = loop;
  const since = clock.now();
  const schedule = scheduleOf(loop);
  let wait = schedule.minMs;
  let operation = first;
  let last: Progress | undefined;
  for (;;) {
    // No read at the deadline itself: the transport would refuse it, and the last progress says where things stood.
    if (!(await deadline.sleepWithin(wait))) return { kind: "timeout", last };
    const read = await step(operation);
    if (read.kind === "ended") return read.result;
    wait = nextWait(clock.now() - since, schedule, clock.random());
    operation = read.operation ?? operation;
    const progress = read.kind === "unknown" ? withUnknownStatus(read.status, read.progress) : read.progress;
    if (progress) {
      last = progress;
      loop.onProgress({ ...progress, nextCheckInMs: wait });
    }
  }
}

/** The one rule for a status no source lists, on every platform: named, and followed until the deadline. */
function withUnknownStatus(status: string, progress: Progress | undefined): Progress {
  const note = `status "${status}" is not one the docs list: still following it until the deadline`;
  return { state: progress?.state ?? status, ...progress, detail: [note, progress?.detail].filter(Boolean).join("; ") };
}

function scheduleOf(loop: FollowLoop): FollowSchedule {
  const minMs = loop.pollIntervalMs;
  return { minMs, maxMs: Math.max(minMs, loop.pollMaxMs ?? DEFAULT_SCHEDULE.maxMs) };
}

/** Follows an upgrade operation to its end, or to the deadline, through the upgrader's steps. */
export function followUpgrade<Op extends Operation>(upgrader: Upgrader<Op>, operation: Op, pin: RedisVersion, loop: FollowLoop): Promise<UpgradeEnd | TimedOut> {
  return followSteps(operation, (current) => upgrader.step(current, pin), loop);
}
