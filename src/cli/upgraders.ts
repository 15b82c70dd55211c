import type { Upgrader } from "../engine";
import type { PlatformContext } from "../platforms/context";
import type * as Cloud from "../platforms/redis-cloud";
import type * as SoftwareActiveActive from "../platforms/redis-software/active-active";
import type * as SoftwareDatabase from "../platforms/redis-software/upgrader";
import type { Spec } from "../spec";

/*
 * Each kind of pin is loaded on first use: a handler serves one pin, so it
 * pays for initialising one kind's schemas and client, not every kind's.
 * Terraform starts the handler once per pin, so this start-up time adds up.
 */
const softwareDatabase = (): typeof SoftwareDatabase => require("../platforms/redis-software/upgrader");
const softwareActiveActive = (): typeof SoftwareActiveActive => require("../platforms/redis-software/active-active");
const cloud = (): typeof Cloud => require("../platforms/redis-cloud");

/** The one place that knows which platform serves which kind of pin. */
export function upgraderFor(spec: Spec, context: PlatformContext): Upgrader {
  switch (spec.kind) {
    case "redis-software-database":
      return softwareDatabase().softwareDatabaseUpgrader(spec, context);
    case "redis-software-active-active":
      return softwareActiveActive().softwareActiveActiveUpgrader(spec, context);
    case "redis-cloud-database":
      return cloud().cloudDatabaseUpgrader(spec, context);
  }
}

export function loadAllPlatforms(): void {
  softwareDatabase();
  softwareActiveActive();
  cloud();
}
