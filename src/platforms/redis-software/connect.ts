import { ClusterSpec, SOFTWARE_CA_CERT_ENV } from "../../spec";
import { PlatformContext, requireEnv } from "../context";
import { basicAuth, HttpClient, TransportTuning } from "../http";
import { readCaSetting } from "../pem";
import { errorBodySchema } from "./schemas";

export type { TransportTuning } from "../http";

/** An HttpClient for one cluster's REST API, with Basic auth from the variables the spec names. */
export function connectCluster(cluster: ClusterSpec, context: PlatformContext, tuning: TransportTuning = {}): HttpClient {
  const username = requireEnv(context, cluster.usernameEnv, "the Redis Software username");
  const password = requireEnv(context, cluster.passwordEnv, "the Redis Software password");
  return new HttpClient({
    ...tuning,
    baseUrl: cluster.url,
    authHeaders: basicAuth(username, password),
    secrets: [username, password],
    caPem: readCaSetting({ file: cluster.caCertFile, field: "cluster.caCertFile", envName: SOFTWARE_CA_CERT_ENV }, context),
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    settings: {
      ca: `cluster.caCertFile (or the ${SOFTWARE_CA_CERT_ENV} variable)`,
      address: "cluster.url",
      credentials: `${cluster.usernameEnv} and ${cluster.passwordEnv}`,
    },
    run: context,
    readError: readSoftwareError,
  });
}

function readSoftwareError(body: unknown): { errorCode?: string; detail?: string } {
  if (typeof body === "string") return { detail: body || undefined };
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { error_code, description, message, cluster_name, detail, title } = parsed.data;
  const problem = [title, detail].filter(Boolean).join(": ");
  const text = description || message || problem;
  return { errorCode: error_code, detail: cluster_name && text ? `${cluster_name}: ${text}` : text };
}
