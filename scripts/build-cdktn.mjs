// Builds lib/cdktn/: the constructs compiled against CDK Terrain (`cdktn`),
// served as `cdktf-redis-version/cdktn`.
//
// CDK Terrain keeps cdktf's class names, so the constructs need no code of
// their own: this copies what tsc emitted for the public entry and
// src/constructs and points their imports at `cdktn`. Everything below the
// constructs (spec, versions) stays shared with the cdktf entry, so both
// entries validate with the same schemas and throw the same error classes.
import * as fs from "node:fs";
import * as path from "node:path";

const FROM = path.resolve("lib/src");
const TO = path.resolve("lib/cdktn");
const COPIED = ["index", "constructs"];
const SPECIFIER = /(\brequire\(|\bimport\(|\bfrom |\bimport )(["'])([^"']+)\2/g;

fs.rmSync(TO, { recursive: true, force: true });
for (const file of COPIED.flatMap((entry) => emitted(path.join(FROM, entry)))) {
  const target = path.join(TO, path.relative(FROM, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, rewrite(fs.readFileSync(file, "utf8"), file, target));
}

/** The .js and .d.ts files tsc wrote for an entry: a module (`index`) or a folder (`constructs`). */
function emitted(entry) {
  if (fs.existsSync(entry) && fs.statSync(entry).isDirectory()) {
    return fs.readdirSync(entry, { recursive: true }).map((name) => path.join(entry, name)).filter(isModule);
  }
  const files = [`${entry}.js`, `${entry}.d.ts`];
  const missing = files.filter((file) => !fs.existsSync(file));
  if (missing.length) throw new Error(`build-cdktn: ${missing.join(", ")} not found: run tsc first`);
  return files;
}

function isModule(file) {
  return file.endsWith(".js") || file.endsWith(".d.ts");
}

/** Source maps stay behind (they point at lib/src), and so do the comments that name them. */
function rewrite(text, from, to) {
  return text.replace(/^\/\/# sourceMappingURL=.*$/m, "").replace(SPECIFIER, (whole, keyword, quote, specifier) => {
    const moved = moveSpecifier(specifier, from, to);
    return moved === specifier ? whole : `${keyword}${quote}${moved}${quote}`;
  });
}

/** `cdktf` becomes `cdktn`; a relative import of a module that was not copied points back at lib/src. */
function moveSpecifier(specifier, from, to) {
  if (specifier === "cdktf") return "cdktn";
  if (specifier.startsWith("cdktf/")) throw new Error(`build-cdktn: ${from} imports ${specifier}; import from "cdktf" itself`);
  if (!specifier.startsWith(".")) return specifier;
  const resolved = path.resolve(path.dirname(from), specifier);
  if (isCopied(resolved)) return specifier;
  const back = path.relative(path.dirname(to), resolved).split(path.sep).join("/");
  return back.startsWith(".") ? back : `./${back}`;
}

function isCopied(resolved) {
  return COPIED.some((entry) => {
    const root = path.join(FROM, entry);
    return resolved === root || resolved.startsWith(`${root}${path.sep}`);
  });
}
