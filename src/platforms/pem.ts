import * as fs from "node:fs";
import * as path from "node:path";
import { SpecSurroundings } from "./context";
import { UserFacingError } from "../core/errors";

/** Far above any CA bundle (the whole Mozilla bundle is about 220 KB): a file past it is not a CA. */
export const MAX_CA_BYTES = 1024 * 1024;

/**
 * Reads a CA certificate a setting names, failing with the setting's name
 * when the file is missing, not a regular file, too large or not PEM.
 */
export function readPemFile(file: string, namedBy: string): string {
  const text = readRegularFile(file, namedBy);
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UserFacingError(`${file} named by ${namedBy} is not a PEM certificate: export the CA as PEM text`);
  }
  return text;
}

/**
 * Only a regular file, and at most MAX_CA_BYTES of it: a FIFO would block
 * the read past any deadline and /dev/zero would fill memory. Opened without
 * blocking, so a FIFO with no writer is seen for what it is at once.
 */
function readRegularFile(file: string, namedBy: string): string {
  const cannot = (reason: string, fix = "fix the path or remove the setting") =>
    new UserFacingError(`cannot read the CA certificate ${file} named by ${namedBy} (${reason}): ${fix}`);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw cannot((error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw cannot(`it is ${kindOf(stat)}, not a regular file`, "point the setting at the CA's PEM file itself");
    // One byte past the limit tells a file that grew since fstat from one that fits.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_CA_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_CA_BYTES) throw cannot(`it holds more than ${MAX_CA_BYTES / 1024 / 1024} MiB, far more than a CA certificate`, "point the setting at the CA's PEM file");
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isDirectory()) return "a directory";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}

/** Where a spec may name a CA to trust: its own setting first, else an environment variable. */
export interface CaSetting {
  /** The spec's path, e.g. `cluster.caCertFile`'s value. */
  readonly file: string | undefined;
  /** The setting's name as a user writes it, e.g. "cluster.caCertFile". */
  readonly field: string;
  /** The variable read when the spec names no file. */
  readonly envName: string;
}

/** The CA the setting (or else its variable) names, read relative to the stack directory; undefined when neither names one. */
export function readCaSetting(setting: CaSetting, context: SpecSurroundings): string | undefined {
  if (setting.file) return readPemFile(path.resolve(context.cwd, setting.file), setting.field);
  const fromEnv = context.env[setting.envName];
  return fromEnv ? readPemFile(path.resolve(context.cwd, fromEnv), `the ${setting.envName} variable`) : undefined;
}
