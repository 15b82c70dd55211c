import { Construct } from "constructs";
import { CloudDatabaseSpec } from "../spec";
import { registeredPins } from "./duplicates";

type Pinned = Construct & { readonly spec?: { readonly kind?: string } };

/**
 * A Redis Cloud Active-Active upgrade is a request for the whole subscription:
 * "All databases in the subscription will be upgraded to the same version"
 * (redis/docs rc/databases/upgrade-version.md before 461ea612). So two
 * declared Active-Active pins on databases of one subscription must pin one
 * version; synth fails naming the others otherwise. A token compares as its text.
 */
export function rejectDisagreeingActiveActivePins(pin: Construct, spec: CloudDatabaseSpec): void {
  if (spec.plan !== "active-active") return;
  pin.node.addValidation({
    validate: () => {
      const others = sameSubscription(pin, spec).filter((other) => other.spec.redisVersion !== spec.redisVersion);
      if (others.length === 0) return [];
      const listed = others.map((other) => `${other.pin.node.path} pins ${other.spec.redisVersion}`).join(", ");
      return [
        `pins ${spec.redisVersion} on an Active-Active database of Redis Cloud subscription ${spec.subscriptionId}, but ${listed}: ` +
          "Redis Cloud upgrades every database of an Active-Active subscription to one version. Pin the same version on all of them.",
      ];
    },
  });
}

function sameSubscription(pin: Construct, spec: CloudDatabaseSpec): { pin: Construct; spec: CloudDatabaseSpec }[] {
  return registeredPins(pin.node.root).flatMap((other: Pinned) => {
    const theirs = other.spec;
    if (other === pin || theirs?.kind !== "redis-cloud-database") return [];
    const cloud = theirs as CloudDatabaseSpec;
    const same = cloud.plan === "active-active" && String(cloud.subscriptionId) === String(spec.subscriptionId) && cloud.api.url === spec.api.url;
    return same ? [{ pin: other, spec: cloud }] : [];
  });
}
