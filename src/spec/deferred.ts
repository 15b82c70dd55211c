import * as z from "zod";
import { SpecError } from "../core/errors";
import { parseOrThrow } from "./validate";

/**
 * A value Terraform fills in at apply: a cdktf token at synth
 * ("${TfToken[TOKEN.1]}"), the reference cdktf writes for it into
 * cdk.tf.json ("${rediscloud_subscription_database.db.db_id}"), or a string
 * built around one ("https://${aws_instance.re.private_dns}:9443").
 */
export type TerraformReference = string & z.$brand<"TerraformReference">;

const REFERENCE = /\$\{[^}]+\}/;

export function isTerraformReference(value: unknown): value is TerraformReference {
  return typeof value === "string" && REFERENCE.test(value);
}

/** What the handler sees once Terraform has filled every reference in. */
export type Resolved<T> = T extends TerraformReference
  ? never
  : T extends readonly (infer E)[]
    ? Resolved<E>[]
    : T extends object
      ? { [K in keyof T]: Resolved<T[K]> }
      : T;

/**
 * Inside the spec's JSON text a number reference resolves to a string
 * ("123"), so numeric text is read as the number it spells, at synth and at
 * apply alike.
 */
function numericText(value: unknown): unknown {
  return typeof value === "string" && /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/**
 * One field, one rule, two moments: a literal is checked by `rule` now; a
 * Terraform reference is kept as written and checked by the same `rule` in
 * the handler, after Terraform resolved it (the spec is parsed again there).
 * The rule's own messages are passed through, so a bad id reads the same
 * whether it was written in the code or came out of another resource.
 */
export function deferrable<S extends z.ZodType>(rule: S): z.ZodType<z.output<S> | TerraformReference, z.input<S> | string> {
  return z.unknown().transform((value, ctx) => {
    if (isTerraformReference(value)) return value;
    const result = rule.safeParse(numericText(value));
    if (result.success) return result.data as z.output<S>;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: value } as z.core.$ZodRawIssue);
    return z.NEVER;
  }) as unknown as z.ZodType<z.output<S> | TerraformReference, z.input<S> | string>;
}

/**
 * Fails when a reference is still in the spec: Terraform resolves every one
 * before it runs the handler, so one left means the spec did not come from
 * Terraform (or `$${` escaped it); sending it would name no database.
 */
export function requireResolved<T>(value: T, where: string): Resolved<T> {
  const left = unresolvedFields(value, []);
  if (left.length === 0) return value as Resolved<T>;
  throw new SpecError(
    where,
    left.map(
      ({ field, text }) => `${field}: ${JSON.stringify(text)} is a Terraform reference that was not resolved; apply the stack with terraform so it fills it in`,
    ),
  );
}

/** Paths of the fields that still hold a reference, e.g. "cluster.url". */
export function unresolvedFields(value: unknown, path: readonly string[]): { readonly field: string; readonly text: string }[] {
  if (isTerraformReference(value)) return [{ field: path.join(".") || "(root)", text: value }];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => unresolvedFields(inner, [...path, key]));
}

/** Parses a spec the handler is about to act on: the schema's rules, then no reference left. */
export function parseResolved<S extends z.ZodType>(schema: S, value: unknown, where: string): Resolved<z.infer<S>> {
  return requireResolved(parseOrThrow(schema, value, where), where);
}
