import { Lazy, LocalExecProvisioner, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as z from "zod";
import type * as NullProviderBindings from "@cdktf/provider-null";
import { needsNoPublicRoots, triggersOf } from "../kinds/registry";
import { maintenanceWindowSchema, parseOrThrow, PinSpec, RolloutMark, Spec, SPEC_ENV, SPEC_FORMAT, SPEC_FROM_INPUT, specSchema } from "../spec";
import { SpecError } from "../core/errors";
import { rejectDuplicatePins } from "./duplicates";
import { handlerCommand } from "./handler-asset";
import { TerraformData } from "./terraform-data";
import { pinLocation } from "./location";
import { withTokensAsStrings } from "./tokens";
import { relayPolicies } from "./policy";
import { dependOn, Ordered, OrderedPin, orderedPins, predecessorSpecs, soakOf, UpgradeOrderProps } from "./upgrade-after";

/** `terraform_data` is built into Terraform ≥ 1.4; `null_resource` needs the hashicorp/null provider downloaded. */
export type PinResourceType = "terraform_data" | "null_resource";

export interface PinResourceProps {
  /** The Terraform resource that carries the pin. @default "terraform_data" */
  readonly resource?: PinResourceType;
}

/** One entry of `maintenanceWindows`, as a user writes it. */
export type MaintenanceWindowProps = z.input<typeof maintenanceWindowSchema>;

/** Props of a pin: its spec's fields as a user writes them (defaults optional), less what the construct fills in. */
export type PinProps<S extends z.ZodType> = Omit<z.input<S>, "kind" | "format" | "address"> & PinResourceProps & UpgradeOrderProps;

/**
 * The shape every pin shares: a validated spec, carried by a resource whose
 * create-time local-exec runs the bundled handler. There is no destroy-time
 * provisioner: removing a pin never touches the database. `carry` swaps
 * files named in the props for their copies inside the stack.
 */
export abstract class VersionPin<S extends Spec = Spec> extends Construct {
  readonly resource: TerraformResource;
  private current: S;
  private ordered: readonly Ordered[];
  private readonly where: string;

  protected constructor(scope: Construct, id: string, kind: S["kind"], props: unknown, carry: (pin: VersionPin, fields: Fields) => Fields) {
    super(scope, id);
    this.where = pinLocation(this);
    const { resource, upgradeAfter, soakHours, ...fields } = (typeof props === "object" && props !== null ? props : {}) as Fields;
    const type = parseOrThrow(resourceTypeSchema, { resource }, this.where).resource;
    const after = orderedPins(this, this.where, upgradeAfter);
    const soak = soakOf(this.where, soakHours, after);
    this.ordered = after.map((pin) => ({ pin, soakHours: soak }));
    const raw = { kind, format: SPEC_FORMAT, address: this.node.path, ...carry(this, withTokensAsStrings(fields) as Fields) };
    this.current = this.validated({ ...raw, upgradeAfter: predecessorSpecs(this, this.ordered) });
    rejectDuplicatePins(this, this.spec);
    // Written at synth, so a RedisVersionRollout made after the pin still reaches cdk.tf.json.
    const specJson = () => JSON.stringify(this.spec);
    const triggers = triggersOf(this.spec);
    this.resource =
      type === "null_resource"
        ? nullResource(this, this.where, stringify(triggers), [handlerProvisioner(this, this.spec, Lazy.stringValue({ produce: specJson }))])
        : terraformData(this, specJson, triggers, [handlerProvisioner(this, this.spec, SPEC_FROM_INPUT)]);
    dependOn(this.resource, after);
    relayPolicies(this);
  }

  /**
   * The spec as written into cdk.tf.json. As with any cdktf value, an identity
   * given as a token stays a token here (a string token, even for an id), and
   * Terraform resolves it at apply, where the handler validates it.
   */
  get spec(): S {
    return this.current;
  }

  /**
   * Puts the pin in a wave of a RedisVersionRollout: ordered after `pins`
   * (beside its own upgradeAfter), each with the wave's soak.
   * @internal
   */
  _joinWave(pins: readonly OrderedPin[], soakHours: number | undefined, mark: RolloutMark): void {
    const listed = orderedPins(this, this.where, pins);
    const own = (pin: OrderedPin) => this.ordered.find((ordered) => ordered.pin === pin);
    for (const pin of listed) {
      const mine = own(pin);
      if (mine && mine.soakHours !== soakHours) {
        throw new SpecError(this.where, [
          `upgradeAfter: ${pin.node.path} is listed with soakHours ${mine.soakHours ?? "unset"} by this pin and ${soakHours ?? "unset"} by its wave ` +
            `${mark.wave} of ${mark.name}: set it in one place`,
        ]);
      }
    }
    const added = listed.filter((pin) => own(pin) === undefined).map((pin) => ({ pin, soakHours }));
    this.ordered = [...this.ordered, ...added];
    this.current = this.validated({ ...this.current, upgradeAfter: predecessorSpecs(this, this.ordered), rollout: mark });
    dependOn(this.resource, added.map((ordered) => ordered.pin));
  }

  private validated(raw: Fields): S {
    return parseOrThrow(specSchema, raw, this.where) as S;
  }
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * terraform_data takes any value as input and triggers_replace, though
 * cdktf's binding declares maps. JSON strings show in `terraform plan` as
 * jsonencode({...}) with a diff per field, and cdktf resolves each as one
 * value at synth instead of walking every field of every pin.
 */
function terraformData(pin: Construct, specJson: () => string, triggers: Fields, provisioners: LocalExecProvisioner[]): TerraformData {
  return new TerraformData(pin, "pin", { input: specJson, triggersReplace: JSON.stringify(triggers) }, { provisioners });
}

const resourceTypeSchema = z.object({ resource: z.enum(["terraform_data", "null_resource"]).default("terraform_data") });

function handlerProvisioner(scope: Construct, spec: PinSpec, specJson: string): LocalExecProvisioner {
  return { type: "local-exec", command: handlerCommand(scope, needsNoPublicRoots(spec)), environment: { [SPEC_ENV]: specJson } };
}

const NULL_PROVIDER_PACKAGE = "@cdktf/provider-null";
const NULL_PROVIDER_ID = "redis-version-null-provider";

/**
 * The null provider's bindings are an optional peer: most users never ask
 * for null_resource, and loading them costs every synth otherwise.
 */
function nullResource(pin: Construct, where: string, triggers: Record<string, string>, provisioners: LocalExecProvisioner[]): TerraformResource {
  const bindings = loadNullProvider(where);
  const stack = TerraformStack.of(pin);
  // Found by id, not instanceof: another copy of cdktf or of this library may have made it.
  const existing = stack.node.tryFindChild(NULL_PROVIDER_ID);
  const provider = TerraformProvider.isTerraformProvider(existing) ? existing : new bindings.provider.NullProvider(stack, NULL_PROVIDER_ID);
  return new bindings.resource.Resource(pin, "pin", { provider, triggers, provisioners });
}

function loadNullProvider(where: string): typeof NullProviderBindings {
  try {
    return require(NULL_PROVIDER_PACKAGE);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String(error).includes(`'${NULL_PROVIDER_PACKAGE}'`);
    if (!missing) throw error;
    throw new SpecError(where, [
      `resource: "null_resource" needs the package ${NULL_PROVIDER_PACKAGE}: run \`npm install ${NULL_PROVIDER_PACKAGE}@^11\` in your app, ` +
        `or leave resource out to use terraform_data, which Terraform >= 1.4 has built in`,
    ]);
  }
}

function stringify(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}
