import type { Upgrader } from "../engine";
import type { PlatformContext } from "../platforms/context";
import type * as Cloud from "../platforms/redis-cloud";
import type * as Software from "../platforms/redis-software";
import type { Spec } from "../spec";

/*
 * Each platform is loaded on first use: a handler serves one pin, so it pays
 * for initialising one platform's schemas and client, not every platform's.
 * Terraform starts the handler once per pin, so this start-up time adds up.
 */
const software = (): typeof Software => require("../platforms/redis-software");
const cloud = (): typeof Cloud => require("../platforms/redis-cloud");

/** The one place that knows which platform serves which kind of pin. */
export function upgraderFor(spec: Spec, context: PlatformContext): Upgrader {
  switch (spec.kind) {
    case "redis-software-database":
      return software().softwareDatabaseUpgrader(spec, context);
    case "redis-software-active-active":
      return software().softwareActiveActiveUpgrader(spec, context);
    case "redis-cloud-database":
      return cloud().cloudDatabaseUpgrader(spec, context);
  }
}

export function loadAllPlatforms(): void {
  software();
  cloud();
}
