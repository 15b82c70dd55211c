import * as fs from "node:fs";
import * as path from "node:path";
import * as z from "zod";
import { UserFacingError } from "../core/errors";
import { parseOrThrow } from "../spec";

/** Where `redis-version plan` reads pins: the synthesized app, and one stack of it when started from that stack's directory. */
export interface SynthesizedApp {
  /** The directory `cdktf synth` writes (cdktf.out unless cdktf.json's `output` says otherwise). */
  readonly outdir: string;
  readonly stack?: string;
}

export const DEFAULT_OUTDIR = "cdktf.out";
const APP_FILE = "cdktf.json";

/** Only the field that moves the synthesized output; cdktf.json holds much more. */
const appFileSchema = z.looseObject({ output: z.string().min(1).optional() });

/**
 * The app to plan. An explicit `--dir` (relative to `cwd`) is taken as it is
 * (an app, its output, or one stack directory); otherwise the search walks up
 * from `cwd`, as git looks for its repository, so the plan works from
 * anywhere inside the app, including `cdktf.out/stacks/<name>` where
 * `terraform apply` runs.
 */
export function locateApp(cwd: string, dir: string | undefined): SynthesizedApp {
  const start = path.resolve(cwd, dir ?? ".");
  if (dir !== undefined) return recognise(start) ?? { outdir: start };
  for (let at = start; ; at = path.dirname(at)) {
    const found = recognise(at);
    if (found) return found;
    if (path.dirname(at) === at) break;
  }
  throw new UserFacingError(
    `no cdktf app in ${start} or above (no ${APP_FILE}, no ${DEFAULT_OUTDIR}): run redis-version plan inside your app, or pass --dir`,
  );
}

function recognise(dir: string): SynthesizedApp | undefined {
  const stacks = path.dirname(dir);
  if (path.basename(stacks) === "stacks" && isFile(path.join(dir, "cdk.tf.json"))) {
    return { outdir: path.dirname(stacks), stack: path.basename(dir) };
  }
  if (isDirectory(path.join(dir, "stacks")) && isFile(path.join(dir, "manifest.json"))) return { outdir: dir };
  if (isFile(path.join(dir, APP_FILE))) return { outdir: path.resolve(dir, outputOf(path.join(dir, APP_FILE))) };
  if (isDirectory(path.join(dir, DEFAULT_OUTDIR, "stacks"))) return { outdir: path.join(dir, DEFAULT_OUTDIR) };
  return undefined;
}

function outputOf(file: string): string {
  let text: unknown;
  try {
    text = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserFacingError(`${file} is not valid JSON (${(error as Error).message}): fix it, or pass --dir`);
  }
  return parseOrThrow(appFileSchema, text, file).output ?? DEFAULT_OUTDIR;
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(dir: string): boolean {
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
