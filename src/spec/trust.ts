import { Spec } from "./union";

interface Endpoint {
  readonly url?: string;
  readonly caCertFile?: string;
}

/** Every API endpoint the handler reaches for this spec, with the CA file it names, if any. */
function endpoints(spec: Spec): Endpoint[] {
  switch (spec.kind) {
    case "redis-software-database":
      return [spec.cluster];
    case "redis-software-active-active":
      return [spec.cluster, ...(spec.participants ?? [])];
    case "redis-cloud-database":
      return [spec.api];
  }
}

/**
 * True when every endpoint of the spec is plain http or names its own CA
 * file, so the handler never needs a public root certificate.
 */
export function needsNoPublicRoots(spec: Spec): boolean {
  return endpoints(spec).every(({ url, caCertFile }) => caCertFile !== undefined || url?.startsWith("http:") === true);
}
