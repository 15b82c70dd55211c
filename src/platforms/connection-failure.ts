/** The settings a user changes to fix what the transport cannot, named in its messages. */
export interface SettingNames {
  /** Where the server's address comes from, e.g. "cluster.url". */
  readonly address?: string;
  /** Where a CA to trust is named, for an untrusted certificate. */
  readonly ca?: string;
  /** The variables the credentials come from, for a header that cannot be sent. */
  readonly credentials?: string;
}

interface NodeError {
  code?: string;
  message?: string;
  cert?: { subjectaltname?: string; subject?: { CN?: string } };
  cause?: NodeError;
}

/** What failed, for a message that names the request, the host and the setting that fixes it. */
export interface FailedRequest {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
  readonly settings: SettingNames;
  /** Scrubs what the network and the server said (a certificate's names, an error's text); our own words stay as they are. */
  readonly redact: (text: string) => string;
}

// OpenSSL's verification results and Node's TLS errors: anything about a certificate, its chain or the handshake.
const TLS_CODE = /CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|INVALID_CA|PATH_LENGTH|INVALID_PURPOSE|HOSTNAME|CRL|^ERR_TLS_|^ERR_SSL_/;
// Connection attempts that ended before the request was written.
const NEVER_SENT = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
// Requests undici refused to build: sending again builds the same one.
const INVALID_REQUEST = new Set(["UND_ERR_INVALID_ARG", "ERR_INVALID_CHAR", "ERR_HTTP_INVALID_HEADER_VALUE", "ERR_INVALID_HTTP_TOKEN"]);

/** The error, then its causes: undici wraps what the socket reported. */
function chain(error: unknown): NodeError[] {
  const errors: NodeError[] = [];
  for (let current = error as NodeError | undefined; current && errors.length < 4; current = current.cause) errors.push(current);
  return errors;
}

function codeOf(error: unknown, matches: (code: string) => boolean): NodeError | undefined {
  return chain(error).find((link) => link.code !== undefined && matches(link.code));
}

/**
 * The message for a failure no retry can mend (a certificate, a name that does
 * not resolve, a request that cannot be built), or undefined for one that may pass.
 */
export function connectionFailure(error: unknown, request: FailedRequest): string | undefined {
  const head = `${request.method} ${request.path} to ${request.url.origin}`;
  const tls = codeOf(error, (code) => TLS_CODE.test(code));
  if (tls) return `${head} failed: ${tlsAdvice(tls, request)}`;
  const dns = codeOf(error, (code) => code === "ENOTFOUND");
  if (dns) {
    return `${head} failed: the host name ${request.url.hostname} does not resolve (ENOTFOUND): check the address in ${request.settings.address ?? "the spec"} and this machine's DNS`;
  }
  const invalid = codeOf(error, (code) => INVALID_REQUEST.has(code));
  if (invalid) return `${head} was not sent: ${request.redact(invalid.message ?? "")} (${invalid.code}); a header value holds a character HTTP cannot carry`;
  return undefined;
}

function tlsAdvice(error: NodeError, request: FailedRequest): string {
  const code = error.code!;
  const ca = request.settings.ca ?? "caCertFile";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") {
    const names = request.redact(error.cert?.subjectaltname ?? (error.cert?.subject?.CN ? `CN=${error.cert.subject.CN}` : "names not shown"));
    return (
      `the server's TLS certificate is not for ${request.url.hostname} (${code}: it names ${names}). ` +
      "Use an address the certificate names in the URL, or have the certificate reissued with this one; a CA setting does not help"
    );
  }
  if (code === "CERT_HAS_EXPIRED") {
    return `the server's TLS certificate has expired (${code}): renew it on the server, or correct this machine's clock if that is wrong`;
  }
  if (code === "CERT_NOT_YET_VALID") {
    return `the server's TLS certificate is not valid yet (${code}): correct this machine's clock, or the certificate's start date on the server`;
  }
  if (code.startsWith("ERR_SSL_")) {
    return `the TLS handshake failed (${code}: ${request.redact(error.message ?? "")}): check that the address in ${request.settings.address ?? "the spec"} is the server's https port`;
  }
  return `the server's TLS certificate is not trusted (${code}). Point ${ca} at the PEM file of the CA that signed it.`;
}

/** True when nothing listens at the address: worth a retry or two (a service restarting), never a long series. */
export function wasRefused(error: unknown): boolean {
  return codeOf(error, (code) => code === "ECONNREFUSED") !== undefined;
}

/** The message once refused connections have been retried for as long as a restart would take. */
export function refusedConnection(request: Omit<FailedRequest, "redact">, tries: number, waitedMs: number): string {
  const where = request.url.host;
  return (
    `${request.method} ${request.path} to ${request.url.origin} failed: nothing accepted the connection at ${where} ` +
    `(ECONNREFUSED, ${tries} tries over ${(waitedMs / 1000).toFixed(1).replace(/\.0$/, "")}s): ` +
    `check the address in ${request.settings.address ?? "the spec"}, its port included, and that the service there is up`
  );
}

/** True when the request surely never reached the server, so even a POST may be sent again. */
export function wasNeverSent(error: unknown): boolean {
  return codeOf(error, (code) => NEVER_SENT.has(code)) !== undefined;
}

export function describeNetworkError(error: unknown): string {
  const err = error as NodeError;
  const code = err.code ?? err.cause?.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code ? `${code} (${message})` : message;
}
