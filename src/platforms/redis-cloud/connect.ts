import { CLOUD_CA_CERT_ENV, CLOUD_URL_ENV, CloudApiSpec, DEFAULT_CLOUD_API_URL } from "../../spec";
import { PlatformContext, requireEnv } from "../context";
import { UserFacingError } from "../../core/errors";
import { HttpClient, TransportTuning } from "../http";
import { readCaSetting } from "../pem";
import { cloudBudgetLimit, SharedCloudBudget } from "./rate-limit";
import { WindowLog } from "../window-log";
import { readCloudError } from "./read-error";

export type { TransportTuning } from "../http";

/**
 * Like the official Go SDK: up to 10 tries from 1 s, backing off to a minute.
 * A 429 here also means "too many resources changing in the account", which
 * can last minutes, so the budget is longer than HttpClient's default.
 */
const CLOUD_RETRY = { attempts: 10, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export interface CloudApi {
  readonly http: HttpClient;
  /** The path the API lives under ("/v1" on the public address); every request path starts with it. */
  readonly prefix: string;
}

/** An HttpClient for the Redis Cloud API with the account key and user key the spec's variables hold. */
export function connectCloud(api: CloudApiSpec, context: PlatformContext, tuning: TransportTuning = {}): CloudApi {
  const accessKey = requireEnv(context, api.accessKeyEnv, "the Redis Cloud account key");
  const secretKey = requireEnv(context, api.secretKeyEnv, "the Redis Cloud user key");
  const address = apiAddress(api, context);
  const http = new HttpClient({
    retry: CLOUD_RETRY,
    ...tuning,
    baseUrl: address.origin,
    authHeaders: { "x-api-key": accessKey, "x-api-secret-key": secretKey },
    secrets: [accessKey, secretKey],
    caPem: readCaSetting({ file: api.caCertFile, field: "api.caCertFile", envName: CLOUD_CA_CERT_ENV }, context),
    settings: {
      ca: `api.caCertFile (or the ${CLOUD_CA_CERT_ENV} variable)`,
      address: `api.url (or the ${CLOUD_URL_ENV} variable)`,
      credentials: `${api.accessKeyEnv} and ${api.secretKeyEnv}`,
    },
    run: context,
    readError: readCloudError,
    pacer: new SharedCloudBudget(
      // One budget per account and API address on this machine: the file is named by a hash, never by the key.
      new WindowLog(`redis-cloud ${address.origin} ${accessKey}`, context),
      context,
      cloudBudgetLimit(context.env),
    ),
  });
  return { http, prefix: address.pathname.replace(/\/+$/, "") };
}

function apiAddress(api: CloudApiSpec, context: PlatformContext): URL {
  const fromEnv = context.env[CLOUD_URL_ENV];
  const text = api.url ?? (fromEnv || DEFAULT_CLOUD_API_URL);
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new UserFacingError(`${CLOUD_URL_ENV} is ${JSON.stringify(text)}, not an http(s) address such as ${DEFAULT_CLOUD_API_URL}`);
  }
  const url = new URL(text);
  if (!/\/v1\/?$/.test(url.pathname)) {
    context.log.warn(`the Redis Cloud API address ${url.origin}${url.pathname} does not end in /v1, as ${DEFAULT_CLOUD_API_URL} does: requests may not find the API`);
  }
  return url;
}
