import { Clock } from "../src/core/clock";
import { Deadline } from "../src/core/deadline";
import { followSteps } from "../src/engine/follow";
import { Step } from "../src/engine/port";
import { DEFAULT_SCHEDULE } from "../src/engine/schedule";
import { Line } from "./measure";

const DURATIONS = [
  { label: "10 s", ms: 10_000 },
  { label: "2 min", ms: 120_000 },
  { label: "30 min", ms: 1_800_000 },
  { label: "2 h", ms: 7_200_000 },
];
/** Completion times tried around each duration, so the lateness is the worst phase and not a lucky one. */
const PHASES = 200;
const SEEDS = 5;
/** The official Terraform provider: a first look after 10 s, then one every 30 s. */
const PROVIDER = { firstMs: 10_000, everyMs: 30_000 };

interface Followed {
  readonly requests: number;
  readonly lateMs: number;
}

/** A deterministic stream in [0, 1) (a linear congruential generator), so reruns print the same figures. */
function seeded(seed: number): () => number {
  let state = seed * 2_654_435_761;
  return () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
}

/** Our schedule, through the engine's follow loop, on a virtual clock. */
async function ours(lastsMs: number, random: () => number): Promise<Followed> {
  let at = 0;
  const clock: Clock = { now: () => at, sleep: async (ms) => void (at += ms), random, timeout: () => new AbortController().signal };
  let requests = 0;
  const step = async (): Promise<Step<void, true>> => (requests++, at >= lastsMs ? { kind: "ended", result: true } : { kind: "running" });
  const deadline = new Deadline(Infinity, { budget: "none", afterwards: "" }, clock, Infinity);
  await followSteps(undefined, step, { clock, deadline, onProgress: () => undefined, pollIntervalMs: DEFAULT_SCHEDULE.minMs, pollMaxMs: DEFAULT_SCHEDULE.maxMs });
  return { requests, lateMs: at - lastsMs };
}

function provider(lastsMs: number): Followed {
  const looks = lastsMs <= PROVIDER.firstMs ? 1 : 1 + Math.ceil((lastsMs - PROVIDER.firstMs) / PROVIDER.everyMs);
  return { requests: looks, lateMs: PROVIDER.firstMs + (looks - 1) * PROVIDER.everyMs - lastsMs };
}

/** Requests at the duration itself; lateness the worst over completion times from the duration to 10 % past it. */
async function worst(lastsMs: number, follow: (ms: number, seed: number) => Promise<Followed> | Followed) {
  let requests = 0;
  let lateMs = 0;
  let allowedMs = Infinity;
  for (let seed = 1; seed <= SEEDS; seed++) {
    requests = Math.max(requests, (await follow(lastsMs, seed)).requests);
    for (let phase = 0; phase < PHASES; phase++) {
      const at = lastsMs + Math.round((phase * lastsMs) / 10 / PHASES);
      const followed = await follow(at, seed);
      lateMs = Math.max(lateMs, followed.lateMs);
      allowedMs = Math.min(allowedMs, Math.min(30_000, Math.max(2_000, at / 10)) - followed.lateMs);
    }
  }
  return { requests, lateMs, withinAllowance: allowedMs >= 0 };
}

export async function benchFollowSchedule(): Promise<Line> {
  const parts: string[] = [];
  let met = true;
  for (const duration of DURATIONS) {
    const mine = await worst(duration.ms, (ms, seed) => ours(ms, seeded(seed)));
    const theirs = await worst(duration.ms, (ms) => provider(ms));
    met &&= mine.withinAllowance && (duration.ms !== 1_800_000 || mine.requests <= 100);
    parts.push(
      `${duration.label}: ours ${mine.requests} requests, ≤${(mine.lateMs / 1000).toFixed(1)} s late; provider ${theirs.requests} requests, ≤${(theirs.lateMs / 1000).toFixed(1)} s late`,
    );
  }
  return {
    name: "follow schedule (virtual clock)",
    figures: parts.join(" | "),
    target: "noticed ≤ max(2 s, 10 % of elapsed) and ≤ 30 s late; ≤ 100 requests for 30 min",
    met,
  };
}
