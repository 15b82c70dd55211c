import { createHash } from "node:crypto";
import * as path from "node:path";
import { SpecSurroundings } from "./context";
import { CaSetting, readCaSetting } from "./pem";

/**
 * Which CA a setting trusts, by its content: each stack carries its own copy
 * of a CA file, and copies of one CA are one CA. A setting that cannot be
 * read is named by where it points, so the reads that use it report why.
 * Only plan's list reads load it: the handler over plain HTTP never loads node:crypto.
 */
export function caIdentity(setting: CaSetting, context: SpecSurroundings): string {
  try {
    const pem = readCaSetting(setting, context);
    return pem === undefined ? "public roots" : `ca ${createHash("sha256").update(pem).digest("hex")}`;
  } catch {
    return `unreadable ${path.resolve(context.cwd, setting.file ?? context.env[setting.envName] ?? "")}`;
  }
}
