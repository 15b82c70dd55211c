import { UnresolvedRow } from "../../engine";
import { identityOf, platformOf } from "../../kinds";
import { parseVersion } from "../../versions";
import { PendingPin, StateSource } from "../stacks";
import { stateFromFile, stateOfStack, TerraformRun } from "../terraform-state";

/**
 * Where plan finds what Terraform recorded: the file given with --state (for
 * every stack read), else `terraform show -json` in each stack directory;
 * either is read only for a stack whose pins hold references.
 */
export function stateSource(stateFile: string | undefined, terraform: TerraformRun): StateSource {
  return stateFile === undefined ? (stackDir) => stateOfStack(stackDir, terraform) : (stackDir) => stateFromFile(stateFile, stackDir, terraform);
}

/** A pin whose database only apply will know: a row that says so, without failing the plan. */
export function unresolvedRow(pin: PendingPin): UnresolvedRow {
  return {
    address: pin.spec.address,
    platform: platformOf(pin.spec),
    kind: pin.spec.kind,
    database: identityOf(pin.spec),
    pinned: parseVersion(pin.spec.redisVersion).text,
    action: "unresolved",
    reason:
      `unresolved until apply: ${pin.references.join(", ")} ` +
      "not found in the stack's Terraform state (none yet, or terraform show could not read it); apply resolves and checks them, " +
      "--state FILE reads another state",
    releaseNotes: [],
    warnings: [],
    notes: [],
  };
}
