import { Logger } from "./log";

const REDACTED = "[redacted]";
const AUTH_SCHEME = /^(Basic|Bearer)\s+(\S+)$/i;

/**
 * Every form a credential can take in text a server sends back or we print:
 * the value itself, its JSON- and URL-escaped forms, and for an
 * Authorization header value the token alone and, for Basic, the decoded
 * `user:password`. All of them, whatever their length: a short password is
 * still a password.
 */
function formsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  const scheme = AUTH_SCHEME.exec(secret);
  if (scheme) {
    forms.push(scheme[2]);
    if (scheme[1].toLowerCase() === "basic") forms.push(Buffer.from(scheme[2], "base64").toString("utf8"));
  }
  return forms;
}

/**
 * The one place credentials are scrubbed from text. The credentials register
 * themselves as they are read; every message and log line passes through
 * `redact` before anyone sees it.
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

  /** A logger whose every line is redacted first. */
  logger(log: Logger): Logger {
    return { info: (line) => log.info(this.redact(line)), warn: (line) => log.warn(this.redact(line)) };
  }
}
