const REDACTED = "[redacted]";
const AUTH_SCHEME = /^(Basic|Bearer)\s+(\S+)$/i;

/** The ways text a server sends back may spell one value: escaped for JSON (also as \u escapes and \/), for a URL, for a form. */
function escapesOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const asciiJson = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const url = encodeURIComponent(value);
  return [
    value,
    json,
    asciiJson,
    asciiJson.replace(/\//g, "\\/"),
    url,
    url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    new URLSearchParams({ v: value }).toString().slice(2),
  ];
}

/** A value base64-encoded, with and without its padding: a Basic header echoed, or the value alone encoded by a proxy. */
function base64Of(value: string): string[] {
  const padded = Buffer.from(value, "utf8").toString("base64");
  return [padded, padded.replace(/=+$/, "")];
}

/**
 * Every form a credential can take in text a server sends back: the value,
 * its base64, and each of those escaped as JSON, a URL or a form; for an
 * Authorization header value also the token alone and, for Basic, the
 * decoded `user:password`. All of them, whatever their length: a short
 * password is still a password.
 */
function formsOf(secret: string): string[] {
  const plain = [secret];
  const scheme = AUTH_SCHEME.exec(secret);
  if (scheme) {
    plain.push(scheme[2]);
    if (scheme[1].toLowerCase() === "basic") plain.push(Buffer.from(scheme[2], "base64").toString("utf8"));
  }
  return plain.flatMap((value) => [value, ...base64Of(value)]).flatMap(escapesOf);
}

/**
 * The one place credentials are scrubbed from text that comes from outside:
 * answer bodies, headers, network errors. The credentials register
 * themselves as they are read; the tool's own words never pass through it,
 * so a credential that happens to be a common word cannot be guessed from
 * where our own sentences show "[redacted]".
 */
export class Redactor {
  private secrets: string[] = [];

  add(secret: string): void {
    const known = new Set([...this.secrets, ...formsOf(secret).filter((form) => form.length > 0)]);
    // Longest first, so a short secret inside a longer one cannot leave the rest of the longer one behind.
    this.secrets = [...known].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  }

  /** A copy of a parsed answer with every string (keys included) redacted, for messages built from it. */
  redactDeep(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item));
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [this.redact(key), this.redactDeep(inner)]));
  }
}
