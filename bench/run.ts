import { benchEndToEnd } from "./end-to-end";
import { benchFollowSchedule } from "./follow-schedule";
import { Line, printLine } from "./measure";
import { benchParallelCloud } from "./parallel-cloud";
import { benchPlanAtScale } from "./plan-at-scale";
import { benchSynth } from "./synth";

/**
 * `npm run bench`: the five lines of issue 14, each with its figures and its
 * target. `npm run bench -- synth follow` runs only the lines named.
 */
const LINES: Record<string, () => Promise<Line | Line[]>> = {
  follow: benchFollowSchedule,
  cloud: benchParallelCloud,
  plan: benchPlanAtScale,
  e2e: benchEndToEnd,
  synth: benchSynth,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in LINES));
  if (unknown.length > 0) throw new Error(`unknown bench line ${unknown.join(", ")}; choose from ${Object.keys(LINES).join(", ")}`);
  if (!global.gc) console.log("(run with node --expose-gc, as `npm run bench` does, for steadier synth figures)");
  let allMet = true;
  for (const name of asked.length > 0 ? asked : Object.keys(LINES)) {
    const lines = [await LINES[name]()].flat();
    lines.forEach(printLine);
    allMet &&= lines.every((line) => line.met !== false);
  }
  process.exitCode = allMet ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
