import { ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { packedTarball, packInstalled, REPO, unpack } from "../support/packed";

/**
 * The package as Python, Java, C# and Go users get it: the packed tarball,
 * with its .jsii assembly, loaded into the jsii runtime — the Node process
 * their bindings start and talk to over its kernel protocol, one JSON
 * request per line — and the bindings jsii-pacmak generates from it.
 */
const PACMAK_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "jsii-pacmak", "package.json"), "utf8")).version;
const LIB = "cdktf-redis-version";
const STEP_MS = 90_000;

describe("the jsii assembly", () => {
  let dir = "";
  let kernel: Kernel;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-jsii-"));
    // The runtime the bindings embed, as published; its kernel is bundled in webpack/.
    const runtime = unpack(packFromRegistry(`@jsii/runtime@${PACMAK_VERSION}`, dir), dir);
    kernel = await Kernel.start(path.join(runtime, "webpack", "bin", "jsii-runtime.js"));
    // A binding loads each assembly it depends on first, from the tarball it embeds.
    for (const dependency of ["constructs", "cdktf"]) await kernel.load(packInstalled(dependency, dir));
    await kernel.load(packedTarball());
  }, STEP_MS);
  afterAll(async () => {
    await kernel?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("synthesizes one pin of each kind, a rollout and a policy, created with jsii-named props, enums and references", async () => {
    const outdir = path.join(dir, "cdktf.out");
    const app = await kernel.create("cdktf.App", [struct("cdktf.AppConfig", { outdir })]);
    const stack = await kernel.create("cdktf.TerraformStack", [app, "redis-versions"]);
    const cluster = struct(`${LIB}.RedisSoftwareClusterProps`, { url: "https://cluster.example.com:9443", usernameEnv: "ORDERS_USER" });
    const orders = await kernel.create(`${LIB}.RedisSoftwareDatabaseVersion`, [
      stack,
      "orders",
      struct(`${LIB}.RedisSoftwareDatabaseVersionProps`, {
        cluster,
        databaseUid: 12,
        redisVersion: "7.4",
        timeoutMinutes: 30,
        upgrade: struct(`${LIB}.RedisSoftwareUpgradeOptions`, { preserveRoles: true }),
        maintenanceWindows: [struct(`${LIB}.MaintenanceWindowProps`, { days: [enumOf("Weekday", "SAT")], start: "22:00", end: "04:00", timeZone: "Europe/Paris" })],
        resource: enumOf("PinResource", "TERRAFORM_DATA"),
      }),
    ]);
    const carts = await kernel.create(`${LIB}.RedisSoftwareActiveActiveVersion`, [
      stack,
      "carts",
      struct(`${LIB}.RedisSoftwareActiveActiveVersionProps`, { cluster, crdbGuid: "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f", redisVersion: "8.2", allowMajorVersionUpgrade: true }),
    ]);
    const sessions = await kernel.create(`${LIB}.RedisCloudDatabaseVersion`, [
      stack,
      "sessions",
      struct(`${LIB}.RedisCloudDatabaseVersionProps`, { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2", plan: enumOf("RedisCloudPlan", "ESSENTIALS"), upgradeAfter: [orders] }),
    ]);
    const staging = await kernel.create("cdktf.TerraformStack", [app, "staging"]);
    const stagingOrders = await kernel.create(`${LIB}.RedisSoftwareDatabaseVersion`, [
      staging,
      "orders",
      struct(`${LIB}.RedisSoftwareDatabaseVersionProps`, { cluster, databaseUid: 22, redisVersion: "7.4" }),
    ]);
    await kernel.create(`${LIB}.RedisVersionRollout`, [
      app,
      "rollout",
      struct(`${LIB}.RedisVersionRolloutProps`, {
        waves: [
          struct(`${LIB}.RedisVersionRolloutWave`, { name: "staging", pins: [stagingOrders] }),
          struct(`${LIB}.RedisVersionRolloutWave`, { name: "production", pins: [orders, carts, sessions], soakHours: 48 }),
        ],
      }),
    ]);
    // A selector made on the JavaScript side, as a Python user gets it from PinSelector.in_stacks.
    const production = await kernel.staticInvoke(`${LIB}.PinSelector`, "inStacks", ["redis-versions"]);
    const policy = await kernel.create(`${LIB}.RedisVersionPolicy`, [struct(`${LIB}.RedisVersionPolicyOptions`, { forbidDataDiscard: true, requireUpgradeAfter: production })]);
    await kernel.invoke(await kernel.staticInvoke("cdktf.Aspects", "of", [app]), "add", [policy]);
    expect(await kernel.get(sessions, "redisVersion")).toBe("8.2");

    await kernel.invoke(app, "synth", []);

    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "redis-versions", "cdk.tf.json"), "utf8"));
    const specs = Object.fromEntries(Object.values(json.resource.terraform_data as Record<string, { input: string }>).map(({ input }) => [JSON.parse(input).address, JSON.parse(input)]));
    expect(specs["redis-versions/orders"]).toMatchObject({
      kind: "redis-software-database",
      cluster: { url: "https://cluster.example.com:9443", usernameEnv: "ORDERS_USER" },
      timeoutMinutes: 30,
      upgrade: { preserveRoles: true },
      maintenanceWindows: [{ days: ["sat"], start: "22:00", end: "04:00", timeZone: "Europe/Paris" }],
    });
    expect(specs["redis-versions/carts"]).toMatchObject({ kind: "redis-software-active-active", allowMajorVersionUpgrade: true, timeoutMinutes: 60 });
    expect(specs["redis-versions/sessions"]).toMatchObject({
      kind: "redis-cloud-database",
      plan: "essentials",
      upgradeAfter: [{ address: "redis-versions/orders" }, { address: "staging/orders", soakHours: 48 }],
      rollout: { name: "rollout", wave: "production", index: 2 },
    });
  }, STEP_MS);

  it("answers invalid props with the synth report, as a Python user's exception would read it", async () => {
    const app = await kernel.create("cdktf.App", [struct("cdktf.AppConfig", { outdir: path.join(dir, "invalid.out") })]);
    const stack = await kernel.create("cdktf.TerraformStack", [app, "redis-versions"]);
    await kernel.create(`${LIB}.RedisCloudDatabaseVersion`, [stack, "sessions", struct(`${LIB}.RedisCloudDatabaseVersionProps`, { subscriptionId: 0, databaseId: 5678, redisVersion: "8.2" })]);
    await expect(kernel.invoke(app, "synth", [])).rejects.toThrow("[redis-versions/sessions] subscriptionId: must be greater than zero");
  }, STEP_MS);

});

describe("the bindings jsii-pacmak generates (npm run bindings)", () => {
  const dist = path.join(REPO, "dist");
  const python = () => fs.readFileSync(path.join(dist, "python", "src", "cdktf_redis_version", "__init__.py"), "utf8");

  beforeAll(() => {
    const generated = spawnSync("npm", ["run", "--silent", "bindings"], { cwd: REPO, encoding: "utf8" });
    if (generated.status !== 0) throw new Error(`npm run bindings exited ${generated.status}:\n${generated.stdout}${generated.stderr}`);
  }, STEP_MS);

  it("are Python, Java, C# and Go sources, the Python module carrying the props' documentation", () => {
    const files = (language: string) => fs.readdirSync(path.join(dist, language), { recursive: true }).map(String);
    expect(files("java")).toContainEqual(expect.stringMatching(/RedisSoftwareDatabaseVersionProps\.java$/));
    expect(files("dotnet")).toContainEqual(expect.stringMatching(/RedisCloudDatabaseVersionProps\.cs$/));
    expect(files("go")).toContainEqual(expect.stringMatching(/RedisSoftwareActiveActiveVersion\.go$/));
    expect(python()).toMatch(/:param timeout_minutes: How long apply follows the upgrade before failing.*Default: 60/);
    expect(python()).toMatch(/:param allow_major_version_upgrade: Consent to move to a higher major version/);
    expect(python()).toContain("class RedisCloudPlan(enum.Enum):");
  });

  pythonOrSkip()("hold every name, keyword and enum member the README's Python example uses", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Python, Java, C# and Go (jsii)"));
    const example = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    if (!example) throw new Error("README.md has no Python block under \"Python, Java, C# and Go (jsii)\"");
    const checker = path.join(__dirname, "python-example.py");
    const generated = path.join(dist, "python", "src", "cdktf_redis_version", "__init__.py");
    const ran = spawnSync("python3", [checker, generated], { input: example, encoding: "utf8" });
    if (ran.status !== 0) throw new Error(`python3 ${checker} exited ${ran.status}:\n${ran.stderr}`);
    const { problems, checked } = JSON.parse(ran.stdout);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

/** Python checks the README's example; CI must have it. */
function pythonOrSkip(): jest.It {
  if (spawnSync("python3", ["--version"]).status === 0) return it;
  if (process.env.CI === "true") throw new Error("python3 was not found on PATH (CI=true: not skipping)");
  console.warn("SKIPPING the README's Python example check: python3 was not found on PATH");
  return it.skip;
}

function struct(fqn: string, data: Record<string, unknown>): unknown {
  return { "$jsii.struct": { fqn, data } };
}

function enumOf(name: string, member: string): unknown {
  return { "$jsii.enum": `${LIB}.${name}/${member}` };
}

/** A registry package's tarball, as npm caches it (no dependencies installed). */
function packFromRegistry(spec: string, destination: string): string {
  const packed = spawnSync("npm", ["pack", "--prefer-offline", "--pack-destination", destination, spec], { cwd: destination, encoding: "utf8" });
  const file = packed.stdout.trim().split("\n").pop() ?? "";
  if (packed.status !== 0 || !file.endsWith(".tgz")) throw new Error(`npm pack ${spec} exited ${packed.status}:\n${packed.stdout}${packed.stderr}`);
  return path.join(destination, file);
}

type ObjRef = { readonly "$jsii.byref": string };

/** The host side of the jsii kernel protocol, as the Python and Java runtimes speak it. */
class Kernel {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private stderr = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on("line", (line) => this.deliver(line));
    child.on("exit", () => this.deliver(undefined));
    // The runtime forwards what the program prints, base64-encoded; it is kept for failure messages.
    child.stderr.on("data", (chunk) => (this.stderr += chunk));
  }

  static async start(runtime: string): Promise<Kernel> {
    const kernel = new Kernel(spawn(process.execPath, [runtime], { stdio: "pipe" }));
    const hello = await kernel.next();
    if (!hello.hello) throw new Error(`the runtime said ${JSON.stringify(hello)}`);
    return kernel;
  }

  async load(tarball: string): Promise<void> {
    const { name, version } = JSON.parse(spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }).stdout);
    await this.request({ api: "load", name, version, tarball });
  }

  async create(fqn: string, args: unknown[]): Promise<ObjRef> {
    return (await this.request({ api: "create", fqn, args })) as ObjRef;
  }

  async invoke(objref: ObjRef, method: string, args: unknown[]): Promise<unknown> {
    return ((await this.request({ api: "invoke", objref, method, args })) as { result?: unknown }).result;
  }

  async staticInvoke(fqn: string, method: string, args: unknown[]): Promise<ObjRef> {
    return ((await this.request({ api: "sinvoke", fqn, method, args })) as { result: ObjRef }).result;
  }

  async get(objref: ObjRef, property: string): Promise<unknown> {
    return ((await this.request({ api: "get", objref, property })) as { value: unknown }).value;
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once("exit", resolve));
  }

  private async request(request: Record<string, unknown>): Promise<unknown> {
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const answer = await this.next();
    if ("error" in answer) throw new Error(`${request.api} failed: ${answer.error}`);
    if (!("ok" in answer)) throw new Error(`${request.api}: unexpected answer ${JSON.stringify(answer)}`);
    return answer.ok;
  }

  private next(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const take = (line: string | undefined) =>
        line === undefined ? reject(new Error(`the jsii runtime exited:\n${this.stderr}`)) : resolve(JSON.parse(line));
      const line = this.lines.shift();
      if (line !== undefined) take(line);
      else this.waiting = take;
    });
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(line);
    else if (line !== undefined) this.lines.push(line);
  }
}
