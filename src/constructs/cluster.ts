import * as fs from "node:fs";
import { Construct } from "constructs";
import { fileAsset } from "./handler-asset";

/**
 * Swaps a `caCertFile` for its copy inside the stack, so cdk.tf.json holds no
 * path of the machine that synthesized it. A file that does not exist is a
 * problem naming the field. Anything that is not an object is left for the
 * spec schema to reject.
 */
export function withCarriedCa(scope: Construct, endpoint: unknown, field: string, problems: string[]): unknown {
  if (typeof endpoint !== "object" || endpoint === null) return endpoint;
  const { caCertFile } = endpoint as { readonly caCertFile?: unknown };
  if (typeof caCertFile !== "string") return endpoint;
  if (!fs.existsSync(caCertFile) || !fs.statSync(caCertFile).isFile()) {
    problems.push(`${field}.caCertFile: ${JSON.stringify(caCertFile)} is not a readable file (relative paths start at ${process.cwd()})`);
    return endpoint;
  }
  return { ...endpoint, caCertFile: fileAsset(scope, caCertFile).path };
}
