import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A private directory under the OS temp directory that lives as long as the command that made it. */
export interface ScratchDir {
  readonly path: string;
  remove(): void;
}

/**
 * Makes the directory and removes it on `remove()`, or when the process exits
 * for any other reason (an error, the end of its work, a signal the command
 * turned into a normal exit), so no run of the CLI leaves one behind.
 */
export function scratchDir(prefix: string): ScratchDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeNow = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeNow);
  return {
    path: dir,
    remove: () => {
      process.off("exit", removeNow);
      removeNow();
    },
  };
}
