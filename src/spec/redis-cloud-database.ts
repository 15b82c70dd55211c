import * as z from "zod";
import { CLOUD_PLANS } from "../versions";
import { deferrable, Resolved } from "./deferred";
import { apiUrl, commonSpecFields, envName, positiveInt } from "./spec";

/** The variable names the official Terraform provider and Go SDK read, so one export serves both. */
export const DEFAULT_CLOUD_ACCESS_KEY_ENV = "REDISCLOUD_ACCESS_KEY";
export const DEFAULT_CLOUD_SECRET_KEY_ENV = "REDISCLOUD_SECRET_KEY";
/** Read when the spec names no API address, as the provider does. */
export const CLOUD_URL_ENV = "REDISCLOUD_URL";
export const DEFAULT_CLOUD_API_URL = "https://api.redislabs.com/v1";
/** Documented: 400 requests per minute per account key. */
export const CLOUD_REQUESTS_PER_MINUTE = 400;
/** Path of a PEM file of a CA to trust, read when the spec names no caCertFile (a proxy, or the simulator over TLS). */
export const CLOUD_CA_CERT_ENV = "REDISCLOUD_CA_CERT";

/**
 * "active-active" declares a Pro database of an Active-Active subscription: it is read and upgraded
 * under the Pro paths, but Redis Cloud may schedule its upgrade for the whole subscription.
 */
export const cloudPlanSchema = z.enum([...CLOUD_PLANS, "active-active"]);
/** A pin's `plan`: a Redis Cloud plan, or "active-active" for a Pro database of an Active-Active subscription. */
export type DeclaredCloudPlan = z.infer<typeof cloudPlanSchema>;

/** How to reach the Redis Cloud API. Keys are named, never given. */
export const cloudApiSchema = z.strictObject({
  /** Absent: the REDISCLOUD_URL variable, else the public API. Kept out of the spec by default so one stack runs anywhere. */
  url: deferrable(apiUrl("the Redis Cloud API address, such as https://api.redislabs.com/v1", "accessKeyEnv/secretKeyEnv")).optional(),
  /** Variable holding the account key (sent as x-api-key). @default "REDISCLOUD_ACCESS_KEY", as the official provider reads it */
  accessKeyEnv: envName.default(DEFAULT_CLOUD_ACCESS_KEY_ENV),
  /** Variable holding the user key (sent as x-api-secret-key). @default "REDISCLOUD_SECRET_KEY" */
  secretKeyEnv: envName.default(DEFAULT_CLOUD_SECRET_KEY_ENV),
  /** PEM file of a CA to trust, relative to the stack directory: only for a proxy or a simulator in front of the API. */
  caCertFile: z.string().min(1).optional(),
});
export type CloudApiSpec = Resolved<z.infer<typeof cloudApiSchema>>;

export const cloudDatabaseSpecSchema = z.strictObject({
  kind: z.literal("redis-cloud-database"),
  ...commonSpecFields,
  subscriptionId: deferrable(positiveInt),
  databaseId: deferrable(positiveInt),
  /** Pro and Active-Active databases live under /subscriptions, Essentials ones under /fixed/subscriptions. @default "pro" */
  plan: cloudPlanSchema.default("pro"),
  api: cloudApiSchema.prefault({}),
});
export type CloudDatabaseSpec = Resolved<z.infer<typeof cloudDatabaseSpecSchema>>;
