import { Upgrader } from "../engine";
import { PlatformContext } from "../platforms/context";
import { cloudDatabaseUpgrader } from "../platforms/redis-cloud";
import { softwareActiveActiveUpgrader, softwareDatabaseUpgrader } from "../platforms/redis-software";
import { Spec } from "../spec";

/** The one place that knows which platform serves which kind of pin. */
export function upgraderFor(spec: Spec, context: PlatformContext): Upgrader {
  switch (spec.kind) {
    case "redis-software-database":
      return softwareDatabaseUpgrader(spec, context);
    case "redis-software-active-active":
      return softwareActiveActiveUpgrader(spec, context);
    case "redis-cloud-database":
      return cloudDatabaseUpgrader(spec, context);
  }
}
