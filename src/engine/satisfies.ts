import { compareVersions, RedisVersion } from "../versions";

/**
 * The one rule for "the pin is reached", used by decide, by every verify and
 * by plan, so a plan never promises what verify then rejects. A database at
 * the pin, or ahead of it within the same major version, satisfies it: both
 * control planes move minor versions and patches forward on their own (Redis
 * Cloud upgrades minors itself; a Redis Software cluster ships new patches),
 * and neither can go back. A patch pin ("7.4.2") is met by that patch or a
 * later one; a reported version without a patch meets any patch pin of its line.
 */
export function satisfies(current: RedisVersion, pin: RedisVersion): boolean {
  return current.major === pin.major && compareVersions(current, pin) >= 0;
}
