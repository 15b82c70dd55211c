import * as z from "zod";
import { tryParseVersion, VERSION_HINT } from "../versions";
import { backupBeforeUpgradeField } from "./backup";
import { DataLossFlags, missingAcknowledgement } from "./data-loss";
import { deferrable, Resolved } from "./deferred";
import { maintenanceWindowsSchema } from "./maintenance-window";

/**
 * The spec is the contract between a construct (which writes it into
 * cdk.tf.json at synth) and the handler (which reads it back when Terraform
 * runs the provisioner). Both sides validate it with these schemas, so a
 * hand-edited or stale cdk.tf.json fails before any request is sent.
 * It never holds a secret: credentials are named by environment variable.
 */

export const SPEC_ENV = "REDIS_VERSION_SPEC";
/**
 * What SPEC_ENV holds in a terraform_data pin: the resource's own input,
 * which is the spec, resolved by Terraform; cdk.tf.json carries it once.
 */
export const SPEC_FROM_INPUT = "${self.input}";
export const SPEC_FORMAT = 1;
export const DEFAULT_TIMEOUT_MINUTES = 60;
export const DEFAULT_SOFTWARE_USERNAME_ENV = "REDIS_SOFTWARE_USERNAME";
export const DEFAULT_SOFTWARE_PASSWORD_ENV = "REDIS_SOFTWARE_PASSWORD";
export const SOFTWARE_CA_CERT_ENV = "REDIS_SOFTWARE_CA_CERT";

export const versionText = z
  .string({ error: `required: ${VERSION_HINT}` })
  .refine((text) => tryParseVersion(text) !== undefined, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a valid Redis version: ${VERSION_HINT}`,
  });

export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, such as REDIS_SOFTWARE_USERNAME");

export const positiveInt = z.number().int("must be a whole number").positive("must be greater than zero");

/** An http(s) API address that carries no credentials: those only ever come from named variables. */
export function apiUrl(what: string, credentialFields: string) {
  return z
    .url({ protocol: /^https?$/, error: `must be ${what}` })
    .refine((url) => !carriesCredentials(url), {
      error: `must not carry credentials: put them in the variables named by ${credentialFields}`,
    });
}

function carriesCredentials(url: string): boolean {
  try {
    const { username, password } = new URL(url);
    return Boolean(username || password);
  } catch {
    return false;
  }
}

/** How to reach a Redis Software cluster's REST API. Credentials are named, never given. */
export const clusterSchema = z.strictObject({
  /** The REST API address, e.g. https://cluster.example.com:9443. */
  url: deferrable(apiUrl("the cluster's REST API address, such as https://cluster.example.com:9443", "usernameEnv/passwordEnv")),
  /**
   * PEM file of the CA that signed the cluster's certificate, relative to where
   * you synthesize; the construct copies it into the stack. Without it the
   * handler reads the file named by REDIS_SOFTWARE_CA_CERT, then the system trust store.
   */
  caCertFile: z.string().min(1).optional(),
  /** Accept any certificate. Prints a warning on every apply. @default false */
  insecureSkipTlsVerify: z.boolean().optional(),
  /** @default "REDIS_SOFTWARE_USERNAME" */
  usernameEnv: envName.default(DEFAULT_SOFTWARE_USERNAME_ENV),
  /** @default "REDIS_SOFTWARE_PASSWORD" */
  passwordEnv: envName.default(DEFAULT_SOFTWARE_PASSWORD_ENV),
});
export type ClusterSpec = Resolved<z.infer<typeof clusterSchema>>;

const dataLossFlags = {
  /** Allow data loss in a database that is neither replicated nor persistent. Needs acknowledgeDataLoss. */
  mayDiscardData: z.boolean().optional(),
  /** Discard data even if the database is replicated or persistent. Needs acknowledgeDataLoss. */
  forceDiscard: z.boolean().optional(),
};

/** Options of POST /v1/bdbs/{uid}/upgrade; only the ones set are sent. */
export const softwareUpgradeOptionsSchema = z.strictObject({
  /** Keep shard roles as they were (costs an extra failover). */
  preserveRoles: z.boolean().optional(),
  /** Restart shards even when the version does not change. */
  forceRestart: z.boolean().optional(),
  ...dataLossFlags,
  /**
   * How many shards to upgrade at once; 0 is the cluster's default (all shards), per the
   * Redis Software 8.0.18 release notes, which warn against changing it across 8.4. @default 0 (all)
   */
  parallelShardsUpgrade: z.number().int("must be a whole number").nonnegative("must be 0 (all shards) or more").optional(),
  modules: z
    .array(
      z.strictObject({
        /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
        currentModule: z.string().min(1).optional(),
        /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
        newModule: z.string().min(1).optional(),
        /**
         * The module's arguments as one string, e.g. "WORKERS 4": the docs call it an "args list"
         * (requests/bdbs/upgrade.md) and send it as such a string in their own examples.
         */
        newModuleArgs: z.string().optional(),
      }),
    )
    .optional(),
});
export type SoftwareUpgradeOptions = z.infer<typeof softwareUpgradeOptionsSchema>;

export const commonSpecFields = {
  format: z.literal(SPEC_FORMAT),
  /** The construct path, so every message points at the user's code. */
  address: z.string().min(1),
  /** "major.minor" or "major.minor.patch", e.g. "7.4". */
  redisVersion: versionText,
  /** Must be true for mayDiscardData or forceDiscard to be accepted. */
  acknowledgeDataLoss: z.boolean().optional(),
  /**
   * Consent to move to a higher major version (7.x to 8.x): without it such a
   * pin is refused before anything is sent. Read the breaking changes first. @default false
   */
  allowMajorVersionUpgrade: z.boolean().optional(),
  /** When an upgrade may start; outside them apply fails, sending nothing, with the next opening. @default any time */
  maintenanceWindows: maintenanceWindowsSchema.optional(),
  /**
   * Back the database up to its configured backup destination, and wait for
   * the backup to finish, before the upgrade is requested; a failed backup
   * fails the apply with nothing more sent. Redis Cloud only. @default false
   */
  backupBeforeUpgrade: backupBeforeUpgradeField,
  /** How long apply follows the upgrade before failing. @default 60 */
  timeoutMinutes: positiveInt.max(24 * 60, "must be at most 1440 (24 hours)").default(DEFAULT_TIMEOUT_MINUTES),
};

/** Refuses data-discard flags that are not acknowledged, wherever a spec carries upgrade options. */
export function requireAcknowledgement(
  spec: { upgrade: DataLossFlags; acknowledgeDataLoss?: boolean },
  ctx: z.RefinementCtx,
): void {
  const problem = missingAcknowledgement(spec.upgrade, spec.acknowledgeDataLoss);
  if (problem) ctx.addIssue({ code: "custom", path: ["acknowledgeDataLoss"], message: problem });
}
