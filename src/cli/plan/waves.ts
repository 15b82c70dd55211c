import { PlanRow } from "../../engine";

/** Rows that belong together: those of one wave of a RedisVersionRollout, or the pins of no rollout. */
export interface RowGroup {
  /** "rollout app/orders-rollout, wave 2: production"; undefined for the pins of no rollout. */
  readonly heading?: string;
  readonly rows: readonly PlanRow[];
}

/**
 * The pins of no rollout first, in their order; then each rollout, in the
 * order its first row came, wave by wave: a reviewer reads a rollout the
 * way it runs.
 */
export function groupByWave(rows: readonly PlanRow[]): RowGroup[] {
  const loose = rows.filter((row) => row.rollout === undefined);
  const rollouts = [...new Set(rows.flatMap((row) => (row.rollout ? [row.rollout.name] : [])))];
  const waves = rollouts.flatMap((name) => {
    const members = rows.filter((row) => row.rollout?.name === name);
    const indexes = [...new Set(members.map((row) => row.rollout!.index))].sort((a, b) => a - b);
    return indexes.map((index): RowGroup => {
      const wave = members.filter((row) => row.rollout!.index === index);
      return { heading: `rollout ${name}, wave ${index}: ${wave[0].rollout!.wave}`, rows: wave };
    });
  });
  return [...(loose.length ? [{ rows: loose }] : []), ...waves];
}

/** Every row, in the order of its group. */
export function inWaveOrder(rows: readonly PlanRow[]): PlanRow[] {
  return groupByWave(rows).flatMap((group) => group.rows);
}
