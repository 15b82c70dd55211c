import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What the CLI keeps on purpose (README, "What is kept"): the Redis Cloud request budget shared by every process of one account key. */
const KEPT = /^redis-version-budget-[0-9a-f]+\.json$/;

/**
 * An OS temp directory of its own for a spawned command (TMPDIR), and a
 * state directory beside it, so a test sees exactly what the command left.
 */
export interface PrivateTmp {
  readonly env: { readonly TMPDIR: string; readonly REDIS_VERSION_STATE_DIR: string };
  /** Entries left in the temp directory, what the CLI keeps on purpose aside. */
  leftovers(): string[];
  remove(): void;
}

export function privateTmp(): PrivateTmp {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rv-private-tmp-"));
  const tmp = path.join(root, "tmp");
  const state = path.join(root, "state");
  fs.mkdirSync(tmp);
  return {
    env: { TMPDIR: tmp, REDIS_VERSION_STATE_DIR: state },
    leftovers: () => fs.readdirSync(tmp).filter((name) => !KEPT.test(name)),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
