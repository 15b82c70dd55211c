import { RunContext } from "../../core/run-context";
import { FleetAnswer, FleetGroup, FleetMembership, Observation } from "../../engine";
import { fleetKeyOf, readFleet } from "../../kinds";
import { PlatformContext } from "../../platforms/context";
import { FoundPin } from "../stacks";

/**
 * Each pin's group of list reads (src/engine/fleet.ts), or undefined for a
 * pin read on its own: a kind without lists, or the only pin of its
 * cluster or account, which its own reads cost no more than the lists.
 * A group's reads are one run, started by `inRun` when its reading starts
 * (its deadline runs from then; its dispatchers close when they end);
 * `annotate` adds what plan shows beyond observe, within the same run.
 */
export function fleetMemberships(
  pins: readonly FoundPin[],
  env: Readonly<Record<string, string | undefined>>,
  inRun: <T>(work: (run: RunContext) => Promise<T>) => Promise<T>,
  annotate: (index: number, observed: Observation, platform: PlatformContext) => Promise<Observation>,
): (FleetMembership | undefined)[] {
  const members = new Map<string, number[]>();
  pins.forEach(({ spec, stackDir }, index) => {
    const key = fleetKeyOf(spec, { env, cwd: stackDir });
    if (key !== undefined) members.set(key, [...(members.get(key) ?? []), index]);
  });
  const memberships = new Array<FleetMembership | undefined>(pins.length);
  for (const [key, indexes] of members) {
    if (indexes.length < 2) continue;
    const group: FleetGroup = {
      key,
      read: () =>
        inRun(async (run) => {
          const at = (index: number): PlatformContext => ({ ...run, env, cwd: pins[index].stackDir });
          const answers = await readFleet(
            indexes.map((index) => pins[index].spec),
            at(indexes[0]),
          );
          return Promise.all(answers.map((answer, i) => annotated(answer, (observed) => annotate(indexes[i], observed, at(indexes[i])))));
        }),
    };
    indexes.forEach((index, member) => (memberships[index] = { group, member }));
  }
  return memberships;
}

async function annotated(answer: FleetAnswer, annotate: (observed: Observation) => Promise<Observation>): Promise<FleetAnswer> {
  return answer.kind === "observed" ? { kind: "observed", observed: await annotate(answer.observed) } : answer;
}
