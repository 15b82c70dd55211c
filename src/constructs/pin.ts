import { Lazy, LocalExecProvisioner, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as z from "zod";
import type * as NullProviderBindings from "@cdktf/provider-null";
import { needsNoPublicRoots, triggersOf } from "../kinds/registry";
import { describeIssues, PinSpec, RolloutMark, Spec, SPEC_ENV, SPEC_FORMAT, SPEC_FROM_INPUT, specSchema } from "../spec";
import { rejectDuplicatePins } from "./duplicates";
import { handlerCommand } from "./handler-asset";
import { PinResource, RedisVersionPinProps } from "./pin-props";
import { markPin, PinState } from "./pin-state";
import { policeAtSynth } from "./policy-check";
import { addSynthCheck, failSynthOf } from "./synth-checks";
import { TerraformData } from "./terraform-data";
import { withTokensAsStrings } from "./tokens";
import { dependOn, Ordered, OrderedPin, orderedPins, predecessorSpecs, soakOf } from "./upgrade-after";

type Fields = Readonly<Record<string, unknown>>;

/**
 * Turns files named in the props into their copies inside the stack, adding
 * a line to `problems` for each that cannot be.
 */
type Carry = (fields: Fields, problems: string[]) => Fields;

/**
 * Makes `pin` a version pin: validates `{kind, format, address, ...props}`
 * with the spec schema and writes a resource whose create-time local-exec
 * runs the bundled handler with that spec. There is no destroy-time
 * provisioner: removing a pin never touches the database. Problems are not
 * thrown here: synth reports them with those of every other pin of the app.
 */
export function pinVersion(pin: Construct, kind: PinSpec["kind"], props: RedisVersionPinProps, carry: Carry): void {
  const problems: string[] = [];
  addSynthCheck(pin, () => problems);
  const { resource, upgradeAfter, soakHours, ...fields } = (typeof props === "object" && props !== null ? props : {}) as RedisVersionPinProps;
  const type = parsed(resourceTypeSchema, { resource }, problems)?.resource;
  const after = orderedPins(pin, upgradeAfter, problems);
  const soak = soakOf(soakHours, after, problems);
  const ordered = after.map((listed) => ({ pin: listed, soakHours: soak }));
  const written = { kind, format: SPEC_FORMAT, address: pin.node.path, ...carry(withTokensAsStrings(fields) as Fields, problems) };
  const spec = parsed(specSchema, { ...written, upgradeAfter: predecessorSpecs(pin, ordered) }, problems);
  // Written at synth, so a RedisVersionRollout made after the pin still reaches cdk.tf.json.
  const specJson = (): string => JSON.stringify(order.spec);
  const made = spec && type && problems.length === 0 ? pinResource(pin, spec, specJson, type, problems) : undefined;
  if (!spec || !made) {
    markPin(pin, {});
    failSynthOf(pin);
    return;
  }
  const order = new PinOrder(pin, spec, made, ordered, problems);
  markPin(pin, order);
  rejectDuplicatePins(pin, spec);
  dependOn(made, after);
  // Policies read the target and the rails, never an identity, which alone may still be a Terraform reference.
  policeAtSynth(pin, () => order.spec as Spec);
}

/** A valid pin's spec, which a RedisVersionRollout may still order after other pins. */
class PinOrder implements PinState {
  constructor(
    private readonly pin: Construct,
    public spec: PinSpec,
    readonly resource: TerraformResource,
    private ordered: readonly Ordered[],
    private readonly problems: string[],
  ) {}

  /** Orders the pin after `pins`, each with `soakHours`, beside its own upgradeAfter. */
  joinWave(pins: readonly unknown[], soakHours: number | undefined, mark: RolloutMark): void {
    const known = this.problems.length;
    const listed = orderedPins(this.pin, pins, this.problems);
    const own = (pin: OrderedPin) => this.ordered.find((ordered) => ordered.pin.construct === pin.construct);
    for (const pin of listed) {
      const mine = own(pin);
      if (mine && mine.soakHours !== soakHours) {
        this.problems.push(
          `upgradeAfter: ${pin.construct.node.path} is listed with soakHours ${mine.soakHours ?? "unset"} by this pin and ${soakHours ?? "unset"} by its wave ` +
            `${mark.wave} of ${mark.name}: set it in one place`,
        );
      }
    }
    const added = listed.filter((pin) => own(pin) === undefined).map((pin) => ({ pin, soakHours }));
    this.ordered = [...this.ordered, ...added];
    this.spec = parsed(specSchema, { ...this.spec, upgradeAfter: predecessorSpecs(this.pin, this.ordered), rollout: mark }, this.problems) ?? this.spec;
    dependOn(this.resource, added.map((ordered) => ordered.pin));
    // An order in doubt must not reach Terraform, even when validations are skipped.
    if (this.problems.length > known) failSynthOf(this.pin);
  }
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, problems: string[]): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push(...describeIssues(result.error));
  return undefined;
}

const resourceTypeSchema = z.object({ resource: z.enum(PinResource).default(PinResource.TERRAFORM_DATA) });

function pinResource(pin: Construct, spec: PinSpec, specJson: () => string, type: PinResource, problems: string[]): TerraformResource | undefined {
  const triggers = triggersOf(spec);
  if (type === PinResource.TERRAFORM_DATA) return terraformData(pin, specJson, triggers, [handlerProvisioner(pin, spec, SPEC_FROM_INPUT)]);
  const bindings = loadNullProvider(problems);
  return bindings && nullResource(pin, bindings, stringify(triggers), [handlerProvisioner(pin, spec, Lazy.stringValue({ produce: specJson }))]);
}

/**
 * terraform_data takes any value as input and triggers_replace, though
 * cdktf's binding declares maps. JSON strings show in `terraform plan` as
 * jsonencode({...}) with a diff per field, and cdktf resolves each as one
 * value at synth instead of walking every field of every pin.
 */
function terraformData(pin: Construct, specJson: () => string, triggers: Fields, provisioners: LocalExecProvisioner[]): TerraformData {
  return new TerraformData(pin, "pin", { input: specJson, triggersReplace: JSON.stringify(triggers) }, { provisioners });
}

function handlerProvisioner(scope: Construct, spec: PinSpec, specJson: string): LocalExecProvisioner {
  return { type: "local-exec", command: handlerCommand(scope, needsNoPublicRoots(spec)), environment: { [SPEC_ENV]: specJson } };
}

const NULL_PROVIDER_PACKAGE = "@cdktf/provider-null";
const NULL_PROVIDER_ID = "redis-version-null-provider";

function nullResource(
  pin: Construct,
  bindings: typeof NullProviderBindings,
  triggers: Record<string, string>,
  provisioners: LocalExecProvisioner[],
): TerraformResource {
  const stack = TerraformStack.of(pin);
  // Found by id, not instanceof: another copy of cdktf or of this library may have made it.
  const existing = stack.node.tryFindChild(NULL_PROVIDER_ID);
  const provider = TerraformProvider.isTerraformProvider(existing) ? existing : new bindings.provider.NullProvider(stack, NULL_PROVIDER_ID);
  return new bindings.resource.Resource(pin, "pin", { provider, triggers, provisioners });
}

/**
 * The null provider's bindings are an optional peer: most users never ask
 * for null_resource, and loading them costs every synth otherwise.
 */
function loadNullProvider(problems: string[]): typeof NullProviderBindings | undefined {
  try {
    return require(NULL_PROVIDER_PACKAGE);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String(error).includes(`'${NULL_PROVIDER_PACKAGE}'`);
    if (!missing) throw error;
    problems.push(
      `resource: "null_resource" needs the package ${NULL_PROVIDER_PACKAGE}: run \`npm install ${NULL_PROVIDER_PACKAGE}@^11\` in your app, ` +
        `or leave resource out to use terraform_data, which Terraform >= 1.4 has built in`,
    );
    return undefined;
  }
}

function stringify(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}
