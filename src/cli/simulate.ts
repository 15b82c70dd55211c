import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { explain, UserFacingError } from "../core/errors";
import {
  CLOUD_CA_CERT_ENV,
  CLOUD_URL_ENV,
  DEFAULT_CLOUD_ACCESS_KEY_ENV,
  DEFAULT_CLOUD_SECRET_KEY_ENV,
} from "../spec";
import { ActiveActiveUpgrades, CLOUD_CONTROLS_HELP, DatabaseInput as CloudDatabaseInput, RedisCloudSimulator } from "../simulator/redis-cloud";
import { CrdbRegistry, DatabaseInput, RedisSoftwareSimulator } from "../simulator/redis-software";
import { RunningServer, serve } from "../simulator/server";
import { ControlPlane } from "../simulator/types";
import { BackgroundStart, serveInBackground, SIMULATOR_PID_ENV, stopBackground, whenServingInBackground } from "./background";
import { exportLines } from "./shell-exports";
import { onInterrupt } from "./interrupt";
import { scratchDir } from "./scratch-dir";

/** The simulated cluster's variables start with this, as the handler's defaults do (REDIS_SOFTWARE_USERNAME…); REDIS_SOFTWARE_URL is for the app. */
const SOFTWARE_PREFIX = "REDIS_SOFTWARE";
/** A forgotten background simulator stops by itself after this long. */
const BACKGROUND_LIFETIME_MINUTES = 60;

const HELP = `usage: redis-version simulate [--port N] [--no-tls] [--database UID=VERSION]...
                             [--crdb GUID=VERSION]... [--participant NAME]...
                             [--cloud-database SUB/DB=VERSION[:essentials|:active-active][:no-backup]]...
                             [--cloud-active-active-upgrades immediate|scheduled] [--lifetime-minutes N]
                             [--age-hours N] [--print-env]
       redis-version simulate --stop

Serves a simulated Redis Software cluster (/v1/bdbs, /v1/nodes, /v1/actions, /v1/crdbs...)
and the Redis Cloud API (/v1/subscriptions, /v1/fixed, /v1/tasks) on 127.0.0.1 until
interrupted, and prints the variables that point an app, plan and the handler at them.

  --database UID=VERSION                       a Redis Software database, e.g. 12=7.2
  --crdb GUID=VERSION                          an Active-Active database (CRDB) with an instance on the cluster and on
                                               every --participant, e.g. 1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f=7.4
  --participant NAME                           another Redis Software cluster, on a port of its own with its own CA and
                                               user, taking part in every --crdb; its variables are
                                               REDIS_SOFTWARE_<NAME>_URL, _USERNAME, _PASSWORD and _CA_CERT
  --cloud-database SUB/DB=VERSION[:essentials|:active-active][:no-backup]
                                               a Redis Cloud database (Pro unless :essentials; :active-active puts it
                                               in an Active-Active subscription; :no-backup gives it no remote backup
                                               location), e.g. 1234/5678=8.0
  --cloud-active-active-upgrades MODE          immediate (default: accepted Active-Active upgrades run at once) or
                                               scheduled (held for the subscription's maintenance window)
  --lifetime-minutes N                         stop by itself after N minutes (with --print-env: default ${BACKGROUND_LIFETIME_MINUTES})
  --print-env                                  serve in the background and print only the export lines, for
                                               eval "$(npx redis-version simulate --print-env ...)"
  --stop                                       stop the simulator --print-env started in this shell (the one
                                               ${SIMULATOR_PID_ENV} names), once it has removed its files
  --age-hours N                                start every database as last changed N hours ago (fractions allowed),
                                               so a pin's soakHours can be rehearsed without waiting

The CA files are written to one directory under the OS temp directory, removed when the simulator stops.
Faults can be armed at runtime: POST /__sim/faults {"path":"^/v1/bdbs","fault":{"kind":"status","status":503}}.
Time can pass for every database at runtime: POST /__sim/age {"hours":48}.
Redis Cloud controls: ${CLOUD_CONTROLS_HELP}`;

/** One more Redis Software cluster, taking part in the Active-Active databases. */
export interface SimulatedCluster {
  readonly name: string;
  readonly software: RedisSoftwareSimulator;
  readonly server: RunningServer;
}

export interface SimulatorEnvironment {
  /** Serves the Redis Software cluster and the Redis Cloud API. */
  readonly server: RunningServer;
  readonly software: RedisSoftwareSimulator;
  readonly cloud: RedisCloudSimulator;
  readonly participants: readonly SimulatedCluster[];
  /** Variables an app, plan and Terraform need to reach the simulators: addresses, credentials and CA files. */
  readonly env: Record<string, string>;
  /** Stops every server and removes the CA files. */
  close(): Promise<void>;
}

export interface SimulatorOptions {
  readonly port?: number;
  readonly tls?: boolean;
  readonly lifetimeMs?: number;
  readonly holdProcess?: boolean;
  /** Names of further clusters, each served on its own port (the Active-Active participants). */
  readonly participants?: readonly string[];
}

/** Starts the simulators with fresh credentials, and writes their CAs where the handler can read them. */
export async function startSimulators(options: SimulatorOptions): Promise<SimulatorEnvironment> {
  const crdbs = new CrdbRegistry();
  const credentials = { username: "demo@example.com", password: secret() };
  const cloudCredentials = { accessKey: secret(), secretKey: secret() };
  const software = new RedisSoftwareSimulator({ credentials, crdbs });
  const cloud = new RedisCloudSimulator({ credentials: cloudCredentials });
  const { tls = true, lifetimeMs, holdProcess } = options;
  const serveOne = (controlPlanes: ControlPlane[], port?: number) => serve({ controlPlanes, tls, lifetimeMs, holdProcess, port });
  const server = await serveOne([software, cloud], options.port);
  const caDir = server.caPem ? scratchDir("redis-version-sim-") : undefined;
  const writeCa = (name: string, pem: string | undefined) => (caDir && pem ? writtenFile(path.join(caDir.path, name), pem) : undefined);
  const mainCa = writeCa("ca.pem", server.caPem);
  const env: Record<string, string> = {
    ...clusterEnv(SOFTWARE_PREFIX, server.url, credentials, mainCa),
    [CLOUD_URL_ENV]: `${server.url}/v1`,
    [DEFAULT_CLOUD_ACCESS_KEY_ENV]: cloudCredentials.accessKey,
    [DEFAULT_CLOUD_SECRET_KEY_ENV]: cloudCredentials.secretKey,
    ...(mainCa ? { [CLOUD_CA_CERT_ENV]: mainCa } : {}),
  };
  const participants: SimulatedCluster[] = [];
  for (const name of options.participants ?? []) {
    const own = { username: `${name}@example.com`, password: secret() };
    const cluster = new RedisSoftwareSimulator({ credentials: own, name, crdbs });
    const served = await serveOne([cluster]);
    participants.push({ name, software: cluster, server: served });
    Object.assign(env, clusterEnv(`${SOFTWARE_PREFIX}_${envWord(name)}`, served.url, own, writeCa(`${name}-ca.pem`, served.caPem)));
  }
  const close = async () => {
    await Promise.all([server, ...participants.map((participant) => participant.server)].map((one) => one.close()));
    caDir?.remove();
  };
  return { server, software, cloud, participants, env, close };
}

/**
 * REDIS_SOFTWARE_URL, _USERNAME, _PASSWORD and _CA_CERT for the cluster (the
 * names the handler reads by default), REDIS_SOFTWARE_WEST_… for the participant "west".
 */
function clusterEnv(prefix: string, url: string, credentials: { username: string; password: string }, caFile: string | undefined): Record<string, string> {
  return {
    [`${prefix}_URL`]: url,
    [`${prefix}_USERNAME`]: credentials.username,
    [`${prefix}_PASSWORD`]: credentials.password,
    ...(caFile ? { [`${prefix}_CA_CERT`]: caFile } : {}),
  };
}

/** WEST_COAST for the participant "west-coast". */
function envWord(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

function writtenFile(file: string, text: string): string {
  fs.writeFileSync(file, text);
  return file;
}

function secret(): string {
  return randomBytes(12).toString("base64url");
}

/** What the command line asks the simulators to hold. */
export interface Seeds {
  readonly databases: readonly DatabaseInput[];
  readonly crdbs: readonly { readonly guid: string; readonly version: string }[];
  readonly cloudDatabases: readonly CloudDatabaseInput[];
  /** Every database starts as last changed this many hours ago (--age-hours), to rehearse soakHours. */
  readonly ageHours?: number;
}

/** Adds the databases; each CRDB gets an instance on every cluster, under the next free uid there. */
export function seed(sims: SimulatorEnvironment, seeds: Seeds): string[] {
  for (const database of seeds.databases) sims.software.addDatabase(database);
  for (const database of seeds.cloudDatabases) sims.cloud.addDatabase(database);
  const clusters = [{ name: "this cluster", software: sims.software }, ...sims.participants];
  const lines = seeds.crdbs.map(({ guid, version }) => {
    const participants = clusters.map(({ software }) => ({ cluster: software, bdbUid: nextUid(software) }));
    sims.software.crdbs.addCrdb({ guid, version, participants });
    const instances = participants.map((instance, index) => `bdb ${instance.bdbUid} on ${clusters[index].name}`);
    return `Active-Active database ${guid} on ${version}: ${instances.join(", ")}`;
  });
  if (seeds.ageHours !== undefined) for (const simulator of [sims.software, sims.cloud, ...sims.participants.map((p) => p.software)]) simulator.age(seeds.ageHours);
  return lines;
}

function nextUid(cluster: RedisSoftwareSimulator): number {
  return Math.max(0, ...cluster.state.databases.keys()) + 1;
}

export async function simulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: "string" },
      "no-tls": { type: "boolean" },
      database: { type: "string", multiple: true },
      crdb: { type: "string", multiple: true },
      participant: { type: "string", multiple: true },
      "cloud-database": { type: "string", multiple: true },
      "cloud-active-active-upgrades": { type: "string" },
      "lifetime-minutes": { type: "string" },
      "print-env": { type: "boolean" },
      stop: { type: "boolean" },
      "age-hours": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.stop) {
    if (args.length > 1) throw new UserFacingError("--stop takes no other option");
    return stopBackground(process.env);
  }
  const background = values["print-env"] === true;
  const lifetime =
    values["lifetime-minutes"] === undefined ? (background ? BACKGROUND_LIFETIME_MINUTES : undefined) : positive(values["lifetime-minutes"], "--lifetime-minutes");
  const seeds: Seeds = {
    databases: (values.database ?? []).map(parseDatabase),
    crdbs: (values.crdb ?? []).map(parseCrdb),
    cloudDatabases: (values["cloud-database"] ?? []).map(parseCloudDatabase),
    ageHours: values["age-hours"] === undefined ? undefined : positiveHours(values["age-hours"], "--age-hours"),
  };
  const participants = parseParticipants(values.participant ?? []);
  const activeActiveUpgrades = parseActiveActiveUpgrades(values["cloud-active-active-upgrades"]);
  const port = values.port === undefined ? undefined : positive(values.port, "--port");
  const serving = whenServingInBackground(background);
  // The one who asked for --print-env starts the server as a process of its own, and returns once it listens.
  if (background && !serving) return serveInBackground(args, lifetime ?? BACKGROUND_LIFETIME_MINUTES);

  const lifetimeMs = lifetime === undefined ? undefined : lifetime * 60_000;
  await serveUntilStopped({ port, tls: !values["no-tls"], lifetimeMs, holdProcess: true, participants }, seeds, activeActiveUpgrades, serving);
  return 0;
}

/** Serves until Ctrl-C, SIGTERM or the end of the lifetime, then closes every server and removes the CA files. */
async function serveUntilStopped(
  options: SimulatorOptions,
  seeds: Seeds,
  activeActiveUpgrades: ActiveActiveUpgrades | undefined,
  serving: BackgroundStart | undefined,
): Promise<void> {
  const interrupt = onInterrupt();
  let sims: SimulatorEnvironment | undefined;
  try {
    sims = await startSimulators(options);
    const crdbLines = seed(sims, seeds);
    if (activeActiveUpgrades) sims.cloud.setActiveActiveUpgrades(activeActiveUpgrades);
    if (serving) serving.ready(sims.env);
    else process.stdout.write(`${describe(sims, crdbLines)}${exportLines(sims.env)}Press Ctrl-C to stop.\n`);
    await stopped(interrupt.signal, options.lifetimeMs);
  } catch (error) {
    serving?.failed(explain(error));
    throw error;
  } finally {
    interrupt.dispose();
    await sims?.close();
  }
}

function describe(sims: SimulatorEnvironment, crdbLines: readonly string[]): string {
  return [
    `Redis Software simulator at ${sims.server.url}, Redis Cloud API at ${sims.server.url}/v1`,
    ...sims.participants.map((participant) => `Redis Software cluster "${participant.name}" at ${participant.server.url}`),
    ...crdbLines,
    "",
  ].join("\n");
}

/** Until Ctrl-C, SIGTERM, or the end of the lifetime. */
function stopped(signal: AbortSignal, lifetimeMs: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve(), { once: true });
    // Unreferenced, so a process stopped by a signal exits at once instead of waiting out its lifetime.
    if (lifetimeMs !== undefined) setTimeout(resolve, lifetimeMs).unref();
  });
}

function parseDatabase(entry: string): DatabaseInput {
  const match = /^(\d+)=(\d+\.\d+(?:\.\d+)?)$/.exec(entry);
  if (!match) throw new UserFacingError(`--database ${JSON.stringify(entry)}: expected UID=VERSION, e.g. 12=7.2`);
  return { uid: Number(match[1]), version: match[2], replication: true };
}

function parseCrdb(entry: string): { guid: string; version: string } {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})=(\d+\.\d+(?:\.\d+)?)$/i.exec(entry);
  if (!match) throw new UserFacingError(`--crdb ${JSON.stringify(entry)}: expected GUID=VERSION, e.g. 1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f=7.4`);
  return { guid: match[1].toLowerCase(), version: match[2] };
}

function parseParticipants(names: readonly string[]): string[] {
  for (const name of names) {
    if (!/^[a-z][a-z0-9-]*$/i.test(name)) {
      throw new UserFacingError(`--participant ${JSON.stringify(name)}: expected a name of letters, digits and dashes, e.g. west`);
    }
  }
  const duplicate = names.find((name, index) => names.findIndex((other) => envWord(other) === envWord(name)) !== index);
  if (duplicate !== undefined) throw new UserFacingError(`--participant ${duplicate} is given twice`);
  return [...names];
}

function parseCloudDatabase(entry: string): CloudDatabaseInput {
  const match = /^(\d+)\/(\d+)=(\d+\.\d+(?:\.\d+)?)(:essentials|:active-active)?(:no-backup)?$/.exec(entry);
  if (!match) {
    throw new UserFacingError(`--cloud-database ${JSON.stringify(entry)}: expected SUB/DB=VERSION[:essentials|:active-active][:no-backup], e.g. 1234/5678=8.0`);
  }
  const [, subscriptionId, databaseId, version, kind, noBackup] = match;
  return {
    subscriptionId: Number(subscriptionId),
    databaseId: Number(databaseId),
    plan: kind === ":essentials" ? "essentials" : "pro",
    activeActive: kind === ":active-active",
    version,
    backupDestination: !noBackup,
  };
}

function parseActiveActiveUpgrades(mode: string | undefined): ActiveActiveUpgrades | undefined {
  if (mode === undefined || mode === "immediate" || mode === "scheduled") return mode;
  throw new UserFacingError(`--cloud-active-active-upgrades must be immediate or scheduled (got ${JSON.stringify(mode)})`);
}

function positiveHours(text: string, flag: string): number {
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours <= 0) throw new UserFacingError(`${flag} must be a positive number of hours, such as 48 or 0.5 (got ${JSON.stringify(text)})`);
  return hours;
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UserFacingError(`${flag} must be a positive whole number (got ${JSON.stringify(text)})`);
  return value;
}
