import type { LastChange } from "../engine/port";

/** ISO 8601 with a date, a time and a zone: a time without its zone would be read in this machine's, which is a guess. */
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The control plane's record of a database's last change, from one of its
 * timestamp fields ("last_changed_time", "lastModified") of `of` (the
 * database, as a person finds it); undefined when it
 * sent none or one that cannot be read, so a soak refuses instead of guessing.
 * A time recorded to the second may stand for any instant of that second:
 * it is rounded up, so how long the database has run is never overstated.
 */
export function lastChangeFrom(field: string, text: string | null | undefined, of: string): LastChange | undefined {
  const match = text ? ZONED_TIMESTAMP.exec(text) : null;
  if (!text || !match) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return { at: match[1] === undefined ? at + 999 : at, source: `${field} ${text} of ${of}` };
}

/** The latest of several records (an Active-Active database's instances): undefined unless every one is known. */
export function latestChange(changes: readonly (LastChange | undefined)[]): LastChange | undefined {
  if (changes.length === 0 || changes.some((change) => change === undefined)) return undefined;
  return (changes as readonly LastChange[]).reduce((latest, change) => (change.at > latest.at ? change : latest));
}
