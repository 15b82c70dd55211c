import { Construct } from "constructs";
import * as z from "zod";
import { parseOrThrow, RolloutMark, soakHoursSchema } from "../spec";
import { OrderedPin } from "./upgrade-after";

/** One wave of a RedisVersionRollout. */
export interface RedisVersionRolloutWave {
  /** How plan and errors name the wave, e.g. "staging"; unique within the rollout. */
  readonly name: string;
  /** The pins of this wave, from any stack of the app; a pin belongs to one wave. */
  readonly pins: readonly OrderedPin[];
  /**
   * Hours every pin of the previous wave must have run its pin before a pin
   * of this wave upgrades (fractions allowed), measured as the pin prop
   * `soakHours` is. Not on the first wave, which waits for nothing.
   * @default no soak: the previous wave reaching its pins is enough
   */
  readonly soakHours?: number;
}

export interface RedisVersionRolloutProps {
  /** The waves, in the order they upgrade, each after the previous one: at least two. */
  readonly waves: readonly RedisVersionRolloutWave[];
}

/** What a rollout needs of a pin: found by shape, like upgradeAfter's pins. */
interface WavePin extends OrderedPin {
  _joinWave(pins: readonly OrderedPin[], soakHours: number | undefined, mark: RolloutMark): void;
}

const isWavePin = (value: unknown): value is WavePin =>
  typeof (value as Partial<WavePin> | null)?._joinWave === "function" && typeof (value as Partial<WavePin>).spec?.kind === "string";

const waveSchema = z.object({
  name: z.string({ error: "must be the wave's name, such as \"staging\"" }).min(1, "must not be empty"),
  pins: z.array(z.custom<WavePin>(isWavePin, { error: "must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, …)" })).min(1, "must list at least one pin"),
  soakHours: soakHoursSchema.optional(),
});

const propsSchema = z
  .object({ waves: z.array(waveSchema, { error: "must be a list of waves" }).min(2, "must list at least two waves: one wave orders nothing") })
  .superRefine(({ waves }, ctx) => {
    if (waves[0].soakHours !== undefined) {
      ctx.addIssue({ code: "custom", path: ["waves", 0, "soakHours"], message: "the first wave waits for nothing, so it has nothing to soak: set soakHours on the waves after it" });
    }
    const seenNames = new Set<string>();
    const seenPins = new Map<WavePin, string>();
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
    const { waves } = parseOrThrow(propsSchema, props, `RedisVersionRollout at ${this.node.path}`);
    waves.forEach((wave, i) => {
      const mark = { name: this.node.path, wave: wave.name, index: i + 1 };
      const previous = i === 0 ? [] : waves[i - 1].pins;
      for (const pin of wave.pins) pin._joinWave(previous, wave.soakHours, mark);
    });
  }
}
