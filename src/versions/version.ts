/**
 * A Redis version as users pin it: "major.minor" or "major.minor.patch".
 * Anything else ("7", "v7.4", "latest") is rejected, because a pin must name
 * exactly one release line the control plane can be asked for.
 */
export interface RedisVersion {
  readonly major: number;
  readonly minor: number;
  /** Absent when the pin names a release line ("7.4") rather than a release ("7.4.2"). */
  readonly patch?: number;
  readonly text: string;
}

const VERSION_PATTERN = /^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,4}))?$/;

export const VERSION_HINT = 'a Redis version is "major.minor" or "major.minor.patch", for example "7.4" or "7.4.2"';

export class InvalidVersionError extends Error {
  constructor(readonly input: unknown) {
    super(`${JSON.stringify(input)} is not a valid Redis version: ${VERSION_HINT}`);
    this.name = "InvalidVersionError";
  }
}

export function tryParseVersion(text: string): RedisVersion | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    ...(patch === undefined ? {} : { patch: Number(patch) }),
    text,
  };
}

export function parseVersion(text: unknown): RedisVersion {
  const parsed = typeof text === "string" ? tryParseVersion(text) : undefined;
  if (!parsed) throw new InvalidVersionError(text);
  return parsed;
}

/**
 * Control planes report versions in looser shapes ("6.0-big", "8.0.0-1"):
 * read the leading numeric part, which is what the version comparisons need.
 */
export function parseReportedVersion(text: string): RedisVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) throw new InvalidVersionError(text);
  return parseVersion(match.slice(1).filter((part) => part !== undefined).join("."));
}

/** Orders by major, then minor; patches compare only when both sides name one. */
export function compareVersions(a: RedisVersion, b: RedisVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch === undefined || b.patch === undefined) return 0;
  return a.patch - b.patch;
}

export function releaseLine(version: RedisVersion): string {
  return `${version.major}.${version.minor}`;
}

export function sameReleaseLine(a: RedisVersion, b: RedisVersion): boolean {
  return a.major === b.major && a.minor === b.minor;
}
