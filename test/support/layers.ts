import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The layers of src/, lowest first, as ARCHITECTURE.md draws them. A module
 * may import from its own layer and the ones below; layers that share a rank
 * (platforms and simulator; constructs and cli) may not import each other.
 */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  versions: 1,
  spec: 2,
  engine: 3,
  platforms: 4,
  simulator: 4,
  kinds: 5,
  constructs: 6,
  cli: 6,
  index: 7,
};

/** Where a layer may reach only at run time, on first use (never at import): the registry loads a platform for the pin it serves. */
const LAZY: ReadonlyArray<readonly [string, string]> = [["kinds", "platforms"]];

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly lazy: boolean;
}

const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

/** The relative imports of one file that run: `import type` is erased, `require()` runs later. */
export function edgesOf(file: string, source: string): Edge[] {
  const edges: Edge[] = [];
  for (const [pattern, lazy] of [[STATIC, false], [REQUIRE, true]] as const) {
    for (const match of source.matchAll(pattern)) {
      if (!match[1].startsWith(".")) continue;
      edges.push({ from: file, to: path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1])), lazy });
    }
  }
  return edges;
}

/** "src/engine/run.ts" → "engine"; "src/index.ts" → "index". */
export function layerOf(file: string): string {
  const [, top] = file.split("/");
  return top.endsWith(".ts") || !top.includes(".") ? top.replace(/\.ts$/, "") : top;
}

/** Every import that points up, or sideways into a sibling layer, with why. */
export function violations(edges: readonly Edge[]): string[] {
  return edges.flatMap((edge) => {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === to) return [];
    const [fromRank, toRank] = [LAYERS[from], LAYERS[to]];
    if (fromRank === undefined || toRank === undefined) return [`${edge.from} → ${edge.to}: a layer ARCHITECTURE.md does not name`];
    const allowed = edge.lazy ? LAZY.some(([f, t]) => f === from && t === to) || toRank < fromRank : toRank < fromRank;
    return allowed ? [] : [`${edge.from} imports ${edge.to}${edge.lazy ? " (require)" : ""}: ${from} may not depend on ${to}`];
  });
}

/** Every .ts file under src/, as a repository-relative posix path, with its source. */
export function sourceFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(path.join(root, "src"), { recursive: true }) as string[]) {
    if (!name.endsWith(".ts")) continue;
    const relative = path.posix.join("src", name.split(path.sep).join("/"));
    files.set(relative, fs.readFileSync(path.join(root, relative), "utf8"));
  }
  return files;
}

/** The modules a file loads when it is imported (static imports only, followed through), by path without extension. */
export function staticClosure(start: string, edges: readonly Edge[]): Set<string> {
  const byFrom = new Map<string, Edge[]>();
  for (const edge of edges) byFrom.set(stripTs(edge.from), [...(byFrom.get(stripTs(edge.from)) ?? []), edge]);
  const seen = new Set<string>();
  const visit = (module: string): void => {
    for (const candidate of [module, `${module}/index`]) {
      if (seen.has(candidate) || !byFrom.has(candidate)) continue;
      seen.add(candidate);
      for (const edge of byFrom.get(candidate)!) if (!edge.lazy) visit(edge.to);
    }
  };
  visit(stripTs(start));
  return seen;
}

const stripTs = (file: string): string => file.replace(/\.ts$/, "");
