import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A fresh directory under the test file's own TMPDIR, which the test environment (environment.js) removes after the file. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rv-${prefix}-`));
}
