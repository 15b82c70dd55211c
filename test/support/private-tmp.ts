import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/**
 * An OS temp directory of its own for a spawned command (TMPDIR), and the
 * state directory it keeps on purpose (REDIS_VERSION_STATE_DIR) beside it,
 * so a test sees exactly what the command left behind.
 */
export interface PrivateTmp {
  readonly env: { readonly TMPDIR: string; readonly REDIS_VERSION_STATE_DIR: string };
  /** Entries left in the temp directory. */
  leftovers(): string[];
  remove(): void;
}

export function privateTmp(): PrivateTmp {
  const root = tempDir("private-tmp");
  const tmp = path.join(root, "tmp");
  const state = path.join(root, "state");
  fs.mkdirSync(tmp);
  return {
    env: { TMPDIR: tmp, REDIS_VERSION_STATE_DIR: state },
    leftovers: () => fs.readdirSync(tmp),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
