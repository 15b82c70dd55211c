import { Construct, IConstruct } from "constructs";
import * as z from "zod";
import { describeIssues, soakHoursSchema } from "../spec";
import { IRedisVersionPin } from "./pin-props";
import { pinStateOf } from "./pin-state";
import { addSynthCheck, failSynthOf } from "./synth-checks";

/** One wave of a RedisVersionRollout. */
export interface RedisVersionRolloutWave {
  /** How plan and errors name the wave, e.g. "staging"; unique within the rollout. */
  readonly name: string;
  /** The pins of this wave, from any stack of the app; a pin belongs to one wave. */
  readonly pins: IRedisVersionPin[];
  /**
   * Hours every pin of the previous wave must have run its pin before a pin
   * of this wave upgrades (fractions allowed), measured as the pin prop
   * `soakHours` is. Not on the first wave, which waits for nothing.
   * @default - no soak: the previous wave reaching its pins is enough
   */
  readonly soakHours?: number;
}

/** Pins in waves, upgraded one wave after the other. */
export interface RedisVersionRolloutProps {
  /** The waves, in the order they upgrade, each after the previous one: at least two. */
  readonly waves: RedisVersionRolloutWave[];
}

/** A version pin of any copy of this library, recognised by its mark. */
const isPin = (value: unknown): value is IConstruct => pinStateOf(value) !== undefined;

const waveSchema = z.object({
  name: z.string({ error: "must be the wave's name, such as \"staging\"" }).min(1, "must not be empty"),
  pins: z.array(z.custom<IConstruct>(isPin, { error: "must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, …)" })).min(1, "must list at least one pin"),
  soakHours: soakHoursSchema.optional(),
});

const propsSchema = z
  .object({ waves: z.array(waveSchema, { error: "must be a list of waves" }).min(2, "must list at least two waves: one wave orders nothing") })
  .superRefine(({ waves }, ctx) => {
    if (waves[0].soakHours !== undefined) {
      ctx.addIssue({ code: "custom", path: ["waves", 0, "soakHours"], message: "the first wave waits for nothing, so it has nothing to soak: set soakHours on the waves after it" });
    }
    const seenNames = new Set<string>();
    const seenPins = new Map<IConstruct, string>();
    waves.forEach((wave, w) => {
      if (seenNames.has(wave.name)) ctx.addIssue({ code: "custom", path: ["waves", w, "name"], message: `${JSON.stringify(wave.name)} names two waves: name each once` });
      seenNames.add(wave.name);
      wave.pins.forEach((pin, p) => {
        const earlier = seenPins.get(pin);
        if (earlier !== undefined) ctx.addIssue({ code: "custom", path: ["waves", w, "pins", p], message: `${pin.node.path} is already in wave ${earlier}: a pin belongs to one wave` });
        seenPins.set(pin, wave.name);
      });
    });
  });

/**
 * Upgrades waves of pins in order, across the stacks of an app: a pin of a
 * wave upgrades only once every pin of the previous wave has reached its pin
 * and, with the wave's `soakHours`, has run it that long. Each pin's handler
 * checks it live against the control planes, so the order holds when the
 * waves are applied by different pipelines on different days.
 * `redis-version plan` groups its rows by wave.
 *
 * ```ts
 * new RedisVersionRollout(app, "orders-rollout", {
 *   waves: [
 *     { name: "staging", pins: [stagingOrders, stagingSessions] },
 *     { name: "production", pins: [orders, sessions], soakHours: 48 },
 *   ],
 * });
 * ```
 */
export class RedisVersionRollout extends Construct {
  constructor(scope: Construct, id: string, props: RedisVersionRolloutProps) {
    super(scope, id);
    const parsed = propsSchema.safeParse(props);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error);
      addSynthCheck(this, () => problems);
      // The pins it lists have no order now: none of them may synthesize, even without validations.
      listedPins(props).forEach(failSynthOf);
      return;
    }
    const { waves } = parsed.data;
    waves.forEach((wave, i) => {
      const mark = { name: this.node.path, wave: wave.name, index: i + 1 };
      const previous = i === 0 ? [] : waves[i - 1].pins;
      // A pin whose own props are invalid has no order to join, and fails synth for those.
      for (const pin of wave.pins) pinStateOf(pin)?.joinWave?.(previous, wave.soakHours, mark);
    });
  }
}

/** The valid pins anywhere in props that failed validation, so they can be held back. */
function listedPins(props: unknown): Construct[] {
  const waves: unknown = (props as { waves?: unknown } | null)?.waves;
  if (!Array.isArray(waves)) return [];
  return waves.flatMap((wave: { pins?: unknown } | null) => (Array.isArray(wave?.pins) ? wave.pins : [])).filter((pin): pin is Construct => pinStateOf(pin)?.spec !== undefined);
}
