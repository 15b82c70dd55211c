import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformAsset, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";

const HANDLER_ID = "redis-version-handler";
const BUNDLE = path.join("lib", "handler.cjs");

/**
 * The bundled handler, copied once into each stack's assets folder, so the
 * synthesized stack directory needs only node and terraform wherever it goes.
 */
function handlerAsset(scope: Construct): AssetLike {
  return ownAsset(TerraformStack.of(scope), HANDLER_ID, bundlePath);
}

/** What we read of an asset: its path inside the synthesized stack. */
interface AssetLike {
  readonly path: string;
}

/**
 * Our assets are found by id, not by instanceof: an app may hold two copies
 * of this library or of cdktf (or cdktn), whose classes differ while the ids
 * they choose are the same, and the stack must still carry each file once.
 */
function ownAsset(stack: TerraformStack, id: string, source: () => string): AssetLike {
  const existing = stack.node.tryFindChild(id);
  if (existing === undefined) return new TerraformAsset(stack, id, { path: source() });
  if (typeof (existing as Partial<AssetLike>).path !== "string") {
    throw new Error(`${stack.node.path} holds a construct named ${id} that is not a cdktf-redis-version asset: rename it`);
  }
  return existing as unknown as AssetLike;
}

const assetPaths = new WeakMap<TerraformStack, string>();

/**
 * The provisioner's command. Node 20 parses its ~140 bundled root
 * certificates (~45 ms at every start) as soon as a TLS connection is given
 * a CA of its own, although that CA then replaces them; --use-openssl-ca
 * skips the parse. It is only added when every endpoint of the pin names
 * its own CA (or is plain http), so what is trusted stays the same.
 */
export function handlerCommand(scope: Construct, needsNoPublicRoots: boolean): string {
  return `node ${needsNoPublicRoots ? "--use-openssl-ca " : ""}"${handlerAssetPath(scope)}" apply`;
}

/** Worked out once per stack: the path hashes the asset's construct path, and a stack may hold thousands of pins. */
function handlerAssetPath(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  let assetPath = assetPaths.get(stack);
  if (assetPath === undefined) {
    assetPath = handlerAsset(stack).path;
    assetPaths.set(stack, assetPath);
  }
  return assetPath;
}

let cachedBundlePath: string | undefined;

function bundlePath(): string {
  cachedBundlePath ??= findBundle(__dirname);
  return cachedBundlePath;
}

/** Walks up from this file to the package root, which holds lib/handler.cjs whether we run from src/ or lib/. */
function findBundle(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, BUNDLE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`the handler bundle ${BUNDLE} was not found above ${from}: run "npm run build" in cdktf-redis-version`);
    }
  }
}

const FILE_ID_PREFIX = "redis-version-file-";
/** Where a carried file sits inside a stack: `assets/<its asset id>/<hash>/<name>`, the same in every stack of an app. */
const CARRIED_PATH = new RegExp(`^assets/(${FILE_ID_PREFIX}[0-9a-f]{12})/`);

/** A file the handler reads at apply time (a CA certificate), carried by the stack like the handler. */
export function fileAsset(scope: Construct, file: string): AssetLike {
  const absolute = path.resolve(file);
  const id = `${FILE_ID_PREFIX}${createHash("sha256").update(absolute).digest("hex").slice(0, 12)}`;
  carriedFiles(scope.node.root).set(id, absolute);
  return ownAsset(TerraformStack.of(scope), id, () => absolute);
}

/**
 * `value` (a spec of another stack's pin) with every file it names carried
 * in `scope`'s stack too, so a handler run there finds them: another stack's
 * directory is not there when a pipeline applies this one.
 */
export function carryFilesOf<T>(scope: Construct, value: T): T {
  if (typeof value === "string") {
    const source = carriedFiles(scope.node.root).get(CARRIED_PATH.exec(value)?.[1] ?? "");
    return (source === undefined ? value : fileAsset(scope, source).path) as T;
  }
  if (Array.isArray(value)) return value.map((inner) => carryFilesOf(scope, inner)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, carryFilesOf(scope, inner)])) as T;
}

/** Kept on the app's root, like the registry of pins, so the cdktf and cdktn copies of this module share it. */
const CARRIED_FILES = Symbol.for("cdktf-redis-version.carried-files");

/** Each carried file's source on this machine, by asset id. */
function carriedFiles(root: IConstruct): Map<string, string> {
  const holder = root as unknown as { [CARRIED_FILES]?: Map<string, string> };
  holder[CARRIED_FILES] ??= new Map();
  return holder[CARRIED_FILES];
}
