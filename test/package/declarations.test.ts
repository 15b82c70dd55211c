import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { packedTarball, unpack } from "../support/packed";

/**
 * What a user's editor shows: the declarations of the packed package, read
 * with the TypeScript compiler from its entry, as a TypeScript app resolves
 * `import … from "cdktf-redis-version"`.
 */
const CONSTRUCTS = ["RedisSoftwareDatabaseVersion", "RedisSoftwareActiveActiveVersion", "RedisCloudDatabaseVersion"];

describe("the published declarations", () => {
  let dir = "";
  let entry = "";
  let program: ts.Program;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-declarations-"));
    const packageDir = unpack(packedTarball(), dir);
    entry = path.join(packageDir, JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")).types);
    program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [], moduleResolution: ts.ModuleResolutionKind.Node10 });
  }, 60_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  /** Every declaration file the entry reaches, within the package. */
  const reachable = () => program.getSourceFiles().filter((file) => file.fileName.startsWith(path.dirname(entry)));

  it("document every prop of the three constructs, at every depth", () => {
    const checker = program.getTypeChecker();
    const undocumented = CONSTRUCTS.flatMap((name) => {
      const props = constructorProps(checker, exported(program, entry, name));
      return undocumentedMembers(checker, props, `${name} props`, new Set(), path.dirname(entry));
    });
    expect(undocumented).toEqual([]);
  });

  it("give timeoutMinutes its default, 60", () => {
    const checker = program.getTypeChecker();
    for (const name of CONSTRUCTS) {
      const timeout = constructorProps(checker, exported(program, entry, name)).getProperty("timeoutMinutes");
      expect(timeout?.getJsDocTags(checker).map((tag) => [tag.name, ts.displayPartsToString(tag.text)])).toContainEqual(["default", "60"]);
    }
  });

  it("mention no zod: the schemas stay behind the entry", () => {
    const files = reachable();
    expect(files.map((file) => path.basename(file.fileName))).toEqual(
      expect.arrayContaining(["index.d.ts", "redis-software-database-version.d.ts", "redis-cloud-database-version.d.ts", "pin-props.d.ts"]),
    );
    expect(files.filter((file) => /zod/.test(file.text)).map((file) => file.fileName)).toEqual([]);
    // The package does hold declarations that mention zod (the spec schemas), which the entry must not reach.
    const spec = path.join(path.dirname(entry), "spec", "spec.d.ts");
    expect(fs.readFileSync(spec, "utf8")).toMatch(/zod/);
  });
});

/** An export of the entry, looking through re-exports to the class itself. */
function exported(program: ts.Program, entry: string, name: string): ts.Symbol {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!);
  const symbol = module && checker.getExportsOfModule(module).find((candidate) => candidate.name === name);
  if (!symbol) throw new Error(`${entry} does not export ${name}`);
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function constructorProps(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type {
  const signature = checker.getTypeOfSymbol(symbol).getConstructSignatures()[0];
  const props = signature?.getParameters()[2];
  if (!props) throw new Error(`${symbol.name} has no props parameter`);
  return checker.getTypeOfSymbol(props);
}

/** Members without a doc comment, as "Props.field.nested", looking through arrays and optional values into nested props. */
function undocumentedMembers(checker: ts.TypeChecker, type: ts.Type, where: string, seen: Set<ts.Type>, root: string): string[] {
  if (seen.has(type)) return [];
  seen.add(type);
  return type.getProperties().flatMap((property) => {
    const here = `${where}.${property.name}`;
    const documented = ts.displayPartsToString(property.getDocumentationComment(checker)).trim() !== "";
    const nested = propsWithin(checker, checker.getNonNullableType(checker.getTypeOfSymbol(property)), root);
    return [...(documented ? [] : [here]), ...nested.flatMap((inner) => undocumentedMembers(checker, inner, here, seen, root))];
  });
}

/**
 * The props a member holds: its own type or its array's elements, when
 * declared by this package as data (an interface not named I…, as jsii has
 * it); pins (upgradeAfter's IRedisVersionPin) and primitives hold none.
 */
function propsWithin(checker: ts.TypeChecker, type: ts.Type, root: string): ts.Type[] {
  if (checker.isArrayType(type)) return propsWithin(checker, checker.getTypeArguments(type as ts.TypeReference)[0], root);
  const symbol = type.getSymbol();
  const ours = symbol?.getDeclarations()?.some((declaration) => declaration.getSourceFile().fileName.startsWith(root)) === true;
  return ours && symbol?.flags !== undefined && (symbol.flags & ts.SymbolFlags.Interface) !== 0 && !/^I[A-Z]/.test(symbol.name) ? [type] : [];
}
