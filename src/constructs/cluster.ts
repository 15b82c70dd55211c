import * as fs from "node:fs";
import { Construct } from "constructs";
import { SpecError } from "../core/errors";
import { DEFAULT_SOFTWARE_PASSWORD_ENV, DEFAULT_SOFTWARE_USERNAME_ENV } from "../spec";
import { fileAsset } from "./handler-asset";
import { pinLocation } from "./location";

/** How to reach a Redis Software cluster's REST API. Credentials are named, never given. */
export interface RedisSoftwareClusterProps {
  /** The REST API address, e.g. https://cluster.example.com:9443. */
  readonly url: string;
  /**
   * PEM file of the CA that signed the cluster's certificate, relative to where
   * you synthesize. It is copied into the stack. Without it the handler reads
   * the file named by REDIS_SOFTWARE_CA_CERT, then the system trust store.
   */
  readonly caCertFile?: string;
  /** Accept any certificate. Prints a warning on every apply. @default false */
  readonly insecureSkipTlsVerify?: boolean;
  /** @default "REDIS_SOFTWARE_USERNAME" */
  readonly usernameEnv?: string;
  /** @default "REDIS_SOFTWARE_PASSWORD" */
  readonly passwordEnv?: string;
}

/** Fills in the credential variable names and carries the CA file into the stack. */
export function clusterSpec(scope: Construct, cluster: RedisSoftwareClusterProps | undefined, field = "cluster"): unknown {
  if (typeof cluster !== "object" || cluster === null) return cluster;
  return {
    usernameEnv: DEFAULT_SOFTWARE_USERNAME_ENV,
    passwordEnv: DEFAULT_SOFTWARE_PASSWORD_ENV,
    ...withCarriedCa(scope, cluster, field),
  };
}

/**
 * Swaps a `caCertFile` for its copy inside the stack, so cdk.tf.json holds no
 * path of the machine that synthesized it. A file that does not exist fails
 * synth here, naming the field.
 */
export function withCarriedCa<T extends { readonly caCertFile?: string }>(scope: Construct, props: T, field: string): T {
  const { caCertFile } = props;
  if (typeof caCertFile !== "string") return props;
  if (!fs.existsSync(caCertFile) || !fs.statSync(caCertFile).isFile()) {
    throw new SpecError(pinLocation(scope), [
      `${field}.caCertFile: ${JSON.stringify(caCertFile)} is not a readable file (relative paths start at ${process.cwd()})`,
    ]);
  }
  return { ...props, caCertFile: fileAsset(scope, caCertFile).path };
}
