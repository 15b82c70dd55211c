import { Token } from "cdktf";

/**
 * cdktf encodes a number token (Token.asNumber, a binding's numeric
 * attribute such as db_id) as a huge double, which JSON.stringify would write
 * as plain digits that no longer resolve. Written as a string token instead,
 * it becomes a "${…}" reference inside the spec's JSON text, which Terraform
 * fills in before it runs the handler; the spec's deferrable fields accept it.
 */
export function withTokensAsStrings(value: unknown): unknown {
  if (typeof value === "string") return value;
  if (Token.isUnresolved(value)) return Token.asString(value);
  if (Array.isArray(value)) return value.map(withTokensAsStrings);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withTokensAsStrings(inner)]));
}
