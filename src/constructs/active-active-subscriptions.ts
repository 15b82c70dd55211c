import { Construct } from "constructs";
import { CloudDatabaseSpec, PinSpecOf } from "../spec";
import { registeredPins } from "./duplicates";
import { pinStateOf } from "./pin-state";
import { addSynthCheck } from "./synth-checks";

type WrittenCloudSpec = PinSpecOf<CloudDatabaseSpec>;

/**
 * A Redis Cloud Active-Active upgrade is a request for the whole subscription:
 * "All databases in the subscription will be upgraded to the same version"
 * (redis/docs rc/databases/upgrade-version.md before 461ea612). So two
 * declared Active-Active pins on databases of one subscription must pin one
 * version; synth fails naming the others otherwise. A token compares as its text.
 */
export function rejectDisagreeingActiveActivePins(pin: Construct, spec: WrittenCloudSpec): void {
  if (spec.plan !== "active-active") return;
  addSynthCheck(pin, () => {
    const others = sameSubscription(pin, spec).filter((other) => other.spec.redisVersion !== spec.redisVersion);
    if (others.length === 0) return [];
    const listed = others.map((other) => `${other.pin.node.path} pins ${other.spec.redisVersion}`).join(", ");
    return [
      `pins ${spec.redisVersion} on an Active-Active database of Redis Cloud subscription ${spec.subscriptionId}, but ${listed}: ` +
        "Redis Cloud upgrades every database of an Active-Active subscription to one version. Pin the same version on all of them.",
    ];
  });
}

function sameSubscription(pin: Construct, spec: WrittenCloudSpec): { pin: Construct; spec: WrittenCloudSpec }[] {
  return registeredPins(pin.node.root).flatMap((other) => {
    const theirs = pinStateOf(other)?.spec;
    if (other === pin || theirs?.kind !== "redis-cloud-database") return [];
    const cloud = theirs;
    const same = cloud.plan === "active-active" && String(cloud.subscriptionId) === String(spec.subscriptionId) && cloud.api.url === spec.api.url;
    return same ? [{ pin: other, spec: cloud }] : [];
  });
}
