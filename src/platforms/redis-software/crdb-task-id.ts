import { createHash } from "node:crypto";

/** JSON with sorted keys, so the same options always hash the same however they were written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The X-Task-ID of an upgrade: the same CRDB, target and options give the
 * same id, so an apply that was interrupted finds the task it started
 * instead of starting another. `attempt` moves past ids whose tasks already
 * ended while the cluster still keeps their result. Shaped as a UUID
 * (version 8, "custom") like the ids the cluster makes.
 */
export function derivedTaskId(seed: { guid: string; redisVersion: string; upgrade: object }, attempt: number): string {
  const hex = createHash("sha256").update(canonical({ ...seed, attempt })).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
