/** A host name that never leaves this machine: 127.0.0.0/8, ::1 or localhost (URL.hostname keeps IPv6 brackets). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
