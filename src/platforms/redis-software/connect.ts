import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ClusterSpec, SOFTWARE_CA_CERT_ENV } from "../../spec";
import { PlatformContext, requireEnv } from "../context";
import { UserFacingError } from "../errors";
import { basicAuth, HttpClient, HttpClientOptions } from "../http";
import { errorBodySchema } from "./schemas";

/** Transport knobs a caller may tune (tests shrink the retry delays); everything else comes from the spec. */
export type TransportTuning = Pick<HttpClientOptions, "retry" | "sleep" | "random" | "timeoutMs">;

/** An HttpClient for one cluster's REST API, with Basic auth from the variables the spec names. */
export function connectCluster(cluster: ClusterSpec, context: PlatformContext, tuning: TransportTuning = {}): HttpClient {
  const username = requireEnv(context, cluster.usernameEnv, "the Redis Software username");
  const password = requireEnv(context, cluster.passwordEnv, "the Redis Software password");
  return new HttpClient({
    ...tuning,
    baseUrl: cluster.url,
    authHeaders: basicAuth(username, password),
    secrets: [username, password],
    caPem: readClusterCa(cluster, context),
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    log: context.log,
    readError: readSoftwareError,
  });
}

function readClusterCa(cluster: ClusterSpec, context: PlatformContext): string | undefined {
  if (cluster.caCertFile) return readPem(path.resolve(context.cwd, cluster.caCertFile), "cluster.caCertFile");
  const fromEnv = context.env[SOFTWARE_CA_CERT_ENV];
  if (fromEnv) return readPem(path.resolve(context.cwd, fromEnv), `the ${SOFTWARE_CA_CERT_ENV} variable`);
  return undefined;
}

function readPem(file: string, field: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserFacingError(`cannot read the CA certificate ${file} named by ${field} (${reason}): fix the path or remove the setting`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UserFacingError(`${file} named by ${field} is not a PEM certificate: export the cluster's CA as PEM text`);
  }
  return text;
}

function readSoftwareError(body: unknown): { errorCode?: string; detail?: string } {
  if (typeof body === "string") return { detail: body || undefined };
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { error_code, description, message, cluster_name } = parsed.data;
  const text = description || message;
  return { errorCode: error_code, detail: cluster_name && text ? `${cluster_name}: ${text}` : text };
}
