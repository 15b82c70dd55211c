import * as z from "zod";
import { tryParseVersion, VERSION_HINT } from "../versions";
import { DataLossFlags, missingAcknowledgement } from "./data-loss";

/**
 * The spec is the contract between a construct (which writes it into
 * cdk.tf.json at synth) and the handler (which reads it back when Terraform
 * runs the provisioner). Both sides validate it with these schemas, so a
 * hand-edited or stale cdk.tf.json fails before any request is sent.
 * It never holds a secret: credentials are named by environment variable.
 */

export const SPEC_ENV = "REDIS_VERSION_SPEC";
export const SPEC_FORMAT = 1;

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

export const clusterSchema = z.strictObject({
  url: apiUrl("the cluster's REST API address, such as https://cluster.example.com:9443", "usernameEnv/passwordEnv"),
  /** Path of a PEM file, relative to the stack directory once synthesized. */
  caCertFile: z.string().min(1).optional(),
  insecureSkipTlsVerify: z.boolean().optional(),
  usernameEnv: envName,
  passwordEnv: envName,
});
export type ClusterSpec = z.infer<typeof clusterSchema>;

const dataLossFlags = {
  mayDiscardData: z.boolean().optional(),
  forceDiscard: z.boolean().optional(),
};

export const softwareUpgradeOptionsSchema = z.strictObject({
  preserveRoles: z.boolean().optional(),
  forceRestart: z.boolean().optional(),
  ...dataLossFlags,
  parallelShardsUpgrade: positiveInt.optional(),
  modules: z
    .array(
      z.strictObject({
        currentModule: z.string().min(1).optional(),
        newModule: z.string().min(1).optional(),
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
  redisVersion: versionText,
  acknowledgeDataLoss: z.boolean().optional(),
  timeoutMinutes: positiveInt.max(24 * 60, "must be at most 1440 (24 hours)"),
};

/** Refuses data-discard flags that are not acknowledged, wherever a spec carries upgrade options. */
export function requireAcknowledgement(
  spec: { upgrade: DataLossFlags; acknowledgeDataLoss?: boolean },
  ctx: z.RefinementCtx,
): void {
  const problem = missingAcknowledgement(spec.upgrade, spec.acknowledgeDataLoss);
  if (problem) ctx.addIssue({ code: "custom", path: ["acknowledgeDataLoss"], message: problem });
}

export const DEFAULT_TIMEOUT_MINUTES = 60;
export const DEFAULT_SOFTWARE_USERNAME_ENV = "REDIS_SOFTWARE_USERNAME";
export const DEFAULT_SOFTWARE_PASSWORD_ENV = "REDIS_SOFTWARE_PASSWORD";
export const SOFTWARE_CA_CERT_ENV = "REDIS_SOFTWARE_CA_CERT";
