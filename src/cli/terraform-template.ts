/**
 * A Terraform template string ("…${expression}…") cut into its pieces, as
 * Terraform reads it: literal text, and interpolations whose expressions may
 * hold quotes, brackets, braces and templates of their own
 * (`${terraform_data.ids.output["database"]}`, `${format("%s}", x)}`).
 */
export type TemplatePart =
  /** `raw` as written (escapes kept: `$${`), `text` as Terraform produces it. */
  | { readonly kind: "text"; readonly raw: string; readonly text: string }
  /**
   * `source` is the whole `${…}` or `%{…}` as written; `expression` what is inside, trimmed of spaces
   * and strip markers, or undefined when nothing closes it (Terraform would refuse the template).
   */
  | { readonly kind: "interpolation"; readonly source: string; readonly expression: string | undefined };

/** Pieces of `template`, in order; an interpolation left open runs to the end. */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let raw = "";
  let text = "";
  const flush = () => {
    if (raw) parts.push({ kind: "text", raw, text });
    raw = "";
    text = "";
  };
  for (let at = 0; at < template.length; ) {
    const escape = /^[$%]{2}\{/.exec(template.slice(at, at + 3));
    if (escape) {
      raw += escape[0];
      text += escape[0].slice(1);
      at += 3;
      continue;
    }
    if (opensTemplate(template, at)) {
      flush();
      const end = closingBrace(template, at + 2);
      const source = template.slice(at, end === undefined ? undefined : end + 1);
      parts.push({ kind: "interpolation", source, expression: end === undefined ? undefined : source.slice(2, -1).replace(/^\s*~?\s*|\s*~?\s*$/g, "") });
      at += source.length;
      continue;
    }
    raw += template[at];
    text += template[at];
    at++;
  }
  flush();
  return parts;
}

function opensTemplate(template: string, at: number): boolean {
  return (template[at] === "$" || template[at] === "%") && template[at + 1] === "{";
}

/** Where the `}` closing an expression that starts at `from` is; undefined when none does. */
function closingBrace(template: string, from: number): number | undefined {
  let depth = 1;
  for (let at = from; at < template.length; at++) {
    const char = template[at];
    if (char === '"') {
      const end = closingQuote(template, at + 1);
      if (end === undefined) return undefined;
      at = end;
    } else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return at;
  }
  return undefined;
}

/** Where the `"` closing a quoted string inside an expression is: it may escape quotes and hold templates of its own. */
function closingQuote(template: string, from: number): number | undefined {
  for (let at = from; at < template.length; at++) {
    if (template[at] === "\\") at++;
    else if (template[at] === '"') return at;
    else if (/^[$%]{2}\{/.test(template.slice(at, at + 3))) at += 2;
    else if (opensTemplate(template, at)) {
      const end = closingBrace(template, at + 2);
      if (end === undefined) return undefined;
      at = end;
    }
  }
  return undefined;
}

/**
 * Parses JSON text whose strings hold Terraform templates, as a pin's spec in
 * cdk.tf.json does before Terraform fills it in: an expression may hold
 * quotes that would end a JSON string early, so each interpolation stands
 * aside while the JSON is read and is put back, as written, in the strings.
 */
export function parseTemplatedJson(text: string): unknown {
  const sources: string[] = [];
  const standIns = templateParts(text)
    .map((part) => (part.kind === "text" ? part.raw : `${STAND_IN_OPEN}${sources.push(part.source) - 1}${STAND_IN_CLOSE}`))
    .join("");
  return restore(JSON.parse(standIns), sources);
}

// Private-use characters: valid inside a JSON string as they are, and in no spec a construct writes.
const STAND_IN_OPEN = "\uE000";
const STAND_IN_CLOSE = "\uE001";
const STAND_IN = /\uE000(\d+)\uE001/g;

function restore(value: unknown, sources: readonly string[]): unknown {
  if (typeof value === "string") return value.replace(STAND_IN, (_, index: string) => sources[Number(index)]);
  if (Array.isArray(value)) return value.map((item) => restore(item, sources));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [restore(key, sources) as string, restore(inner, sources)]));
}
