import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { CloudDatabaseSpec, PinSpecOf } from "../spec";
import { pinLocation } from "./location";
import { addSynthCheck } from "./synth-checks";

/**
 * The official provider's database resources, which set `redis_version` and,
 * since 2.18, upgrade it in place. Per the provider's docs
 * (RedisLabs/terraform-provider-rediscloud, docs/resources/rediscloud_subscription_database.md,
 * rediscloud_active_active_subscription_database.md, rediscloud_essentials_database.md):
 * `subscription_id` is an argument, `db_id` the computed database id, and an
 * import id reads "{subscription ID}/{database ID}".
 */
export const PROVIDER_DATABASE_TYPES: readonly string[] = [
  "rediscloud_subscription_database",
  "rediscloud_active_active_subscription_database",
  "rediscloud_essentials_database",
];

/** What the check needs of a Cloud pin: the construct, and its database as written. */
interface CloudPin {
  readonly construct: Construct;
  readonly spec: Pick<PinSpecOf<CloudDatabaseSpec>, "subscriptionId" | "databaseId">;
}

const pinsByStack = new WeakMap<TerraformStack, CloudPin[]>();

/**
 * Registers a Cloud pin for the check, which runs once per stack at synth,
 * when every resource exists, whatever order the code created them in.
 */
export function checkProviderOwnership(pin: CloudPin): void {
  const stack = TerraformStack.of(pin.construct);
  const pins = pinsByStack.get(stack);
  if (pins !== undefined) {
    pins.push(pin);
    return;
  }
  const registered = [pin];
  pinsByStack.set(stack, registered);
  addSynthCheck(stack, () => ownershipConflicts(stack, registered));
}

/** One message per pin whose database a provider resource also gives a `redis_version`, without ignore_changes. */
export function ownershipConflicts(stack: TerraformStack, pins: readonly CloudPin[]): string[] {
  const owners = stack.node.findAll().flatMap((construct) => providerDatabase(stack, construct) ?? []);
  if (owners.length === 0) return [];
  return pins.flatMap((pin) => {
    const target = { subscriptionId: resolve(stack, pin.spec.subscriptionId), databaseId: resolve(stack, pin.spec.databaseId) };
    return owners.filter((owner) => owner.owns(target)).map((owner) => conflict(pin, owner.resource));
  });
}

/** As cdk.tf.json will hold it: tokens become "${type.name.attribute}" references. */
function resolve(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

interface ProviderDatabase {
  readonly resource: TerraformResource;
  readonly owns: (target: { readonly subscriptionId: unknown; readonly databaseId: unknown }) => boolean;
}

/** A provider database resource that sets redis_version and does not leave it to another owner. */
function providerDatabase(stack: TerraformStack, construct: IConstruct): ProviderDatabase | undefined {
  if (!TerraformResource.isTerraformResource(construct) || !PROVIDER_DATABASE_TYPES.includes(construct.terraformResourceType)) return undefined;
  const synthesized = resolve(stack, construct.toTerraform()) as Synthesized;
  const config = synthesized.resource?.[construct.terraformResourceType]?.[construct.friendlyUniqueId];
  if (config?.redis_version === undefined || config.redis_version === null || ignoresRedisVersion(config.lifecycle)) return undefined;
  const address = `${construct.terraformResourceType}.${construct.friendlyUniqueId}`;
  const importedAs = synthesized.import?.[0]?.id;
  return {
    resource: construct,
    owns: ({ subscriptionId, databaseId }) =>
      refersTo(databaseId, address) ||
      (sameId(subscriptionId, config.subscription_id) && (sameId(databaseId, config.db_id) || importedAs === `${subscriptionId}/${databaseId}`)),
  };
}

interface Synthesized {
  readonly resource?: Record<string, Record<string, ProviderConfig | undefined> | undefined>;
  readonly import?: readonly { readonly id?: unknown }[];
}

interface ProviderConfig {
  readonly redis_version?: unknown;
  readonly subscription_id?: unknown;
  readonly db_id?: unknown;
  readonly lifecycle?: { readonly ignore_changes?: unknown };
}

function ignoresRedisVersion(lifecycle: ProviderConfig["lifecycle"]): boolean {
  const ignored = lifecycle?.ignore_changes;
  return ignored === "all" || (Array.isArray(ignored) && ignored.includes("redis_version"));
}

/** The pin's id is a reference to one of the resource's attributes (db_id, id): Terraform will fill in that database. */
function refersTo(value: unknown, address: string): boolean {
  return typeof value === "string" && value.includes(`\${${address}.`);
}

/** Literal ids only: two references to different resources may well name the same database, but synth cannot tell. */
function sameId(pinned: unknown, configured: unknown): boolean {
  const literal = (value: unknown) => (typeof value === "number" || typeof value === "string") && !String(value).includes("${");
  return literal(pinned) && literal(configured) && String(pinned) === String(configured);
}

function conflict(pin: CloudPin, resource: TerraformResource): string {
  return [
    `${pinLocation(pin.construct)} and ${resource.terraformResourceType} at ${resource.node.path} both set the Redis version of the same database: ` +
      "the provider would plan the pin's upgrade back (a downgrade the API refuses), and raising both would upgrade twice. Give it one owner:",
    `  - the pin: make the provider ignore the version, e.g. in cdktf: new ${bindingClass(resource)}(this, "${resource.node.id}", { ..., lifecycle: { ignoreChanges: ["redis_version"] } })`,
    `    (or, on the resource object: database.lifecycle = { ignoreChanges: ["redis_version"] })`,
    `  - or the provider: remove the pin ${pin.construct.node.path} and keep redis_version on the resource`,
  ].join("\n");
}

/** The class @cdktf/provider-rediscloud generates for the type: rediscloud_essentials_database → EssentialsDatabase. */
function bindingClass(resource: TerraformResource): string {
  return resource.terraformResourceType
    .replace(/^rediscloud_/, "")
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
