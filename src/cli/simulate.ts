import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { UserFacingError } from "../core/errors";
import {
  CLOUD_CA_CERT_ENV,
  CLOUD_URL_ENV,
  DEFAULT_CLOUD_ACCESS_KEY_ENV,
  DEFAULT_CLOUD_SECRET_KEY_ENV,
  DEFAULT_SOFTWARE_PASSWORD_ENV,
  DEFAULT_SOFTWARE_USERNAME_ENV,
  SOFTWARE_CA_CERT_ENV,
} from "../spec";
import { ActiveActiveUpgrades, CLOUD_CONTROLS_HELP, DatabaseInput as CloudDatabaseInput, RedisCloudSimulator } from "../simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../simulator/redis-software";
import { RunningServer, serve } from "../simulator/server";

const HELP = `usage: redis-version simulate [--port N] [--no-tls] [--database UID=VERSION]...
                             [--cloud-database SUB/DB=VERSION[:essentials|:active-active][:no-backup]]...
                             [--cloud-active-active-upgrades immediate|scheduled] [--lifetime-minutes N]
                             [--age-hours N]

Serves a simulated Redis Software cluster (/v1/bdbs, /v1/nodes, /v1/actions, /v1/crdbs...)
and the Redis Cloud API (/v1/subscriptions, /v1/fixed, /v1/tasks) on 127.0.0.1 until
interrupted, and prints the variables that point the handler at them.

  --database UID=VERSION                       a Redis Software database, e.g. 12=7.2
  --cloud-database SUB/DB=VERSION[:essentials|:active-active][:no-backup]
                                               a Redis Cloud database (Pro unless :essentials; :active-active puts it
                                               in an Active-Active subscription; :no-backup gives it no remote backup
                                               location), e.g. 1234/5678=8.0
  --cloud-active-active-upgrades MODE          immediate (default: accepted Active-Active upgrades run at once) or
                                               scheduled (held for the subscription's maintenance window)
  --lifetime-minutes N                         stop by itself after N minutes
  --age-hours N                                start every database as last changed N hours ago (fractions allowed),
                                               so a pin's soakHours can be rehearsed without waiting

Faults can be armed at runtime: POST /__sim/faults {"path":"^/v1/bdbs","fault":{"kind":"status","status":503}}.
Time can pass for every database at runtime: POST /__sim/age {"hours":48}.
Redis Cloud controls: ${CLOUD_CONTROLS_HELP}`;

export interface SimulatorEnvironment {
  readonly server: RunningServer;
  readonly software: RedisSoftwareSimulator;
  readonly cloud: RedisCloudSimulator;
  /** Variables a Terraform run needs to reach the simulators: credentials, addresses and the CA file. */
  readonly env: Record<string, string>;
}

/** Starts both simulators on one server with fresh credentials, and writes the CA where the handler can read it. */
export async function startSimulators(
  options: { port?: number; tls?: boolean; lifetimeMs?: number; holdProcess?: boolean },
): Promise<SimulatorEnvironment> {
  const secret = () => randomBytes(12).toString("base64url");
  const softwareCredentials = { username: "demo@example.com", password: secret() };
  const cloudCredentials = { accessKey: secret(), secretKey: secret() };
  const software = new RedisSoftwareSimulator({ credentials: softwareCredentials });
  const cloud = new RedisCloudSimulator({ credentials: cloudCredentials });
  const server = await serve({ controlPlanes: [software, cloud], tls: true, ...options });
  const env: Record<string, string> = {
    [DEFAULT_SOFTWARE_USERNAME_ENV]: softwareCredentials.username,
    [DEFAULT_SOFTWARE_PASSWORD_ENV]: softwareCredentials.password,
    [DEFAULT_CLOUD_ACCESS_KEY_ENV]: cloudCredentials.accessKey,
    [DEFAULT_CLOUD_SECRET_KEY_ENV]: cloudCredentials.secretKey,
    [CLOUD_URL_ENV]: `${server.url}/v1`,
  };
  if (server.caPem) {
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redis-version-sim-")), "ca.pem");
    fs.writeFileSync(caFile, server.caPem);
    env[SOFTWARE_CA_CERT_ENV] = caFile;
    env[CLOUD_CA_CERT_ENV] = caFile;
  }
  return { server, software, cloud, env };
}

export async function simulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: "string" },
      "no-tls": { type: "boolean" },
      database: { type: "string", multiple: true },
      "cloud-database": { type: "string", multiple: true },
      "cloud-active-active-upgrades": { type: "string" },
      "lifetime-minutes": { type: "string" },
      "age-hours": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const lifetime = values["lifetime-minutes"] === undefined ? undefined : positive(values["lifetime-minutes"], "--lifetime-minutes");
  const databases = (values.database ?? []).map(parseDatabase);
  const cloudDatabases = (values["cloud-database"] ?? []).map(parseCloudDatabase);
  const activeActiveUpgrades = parseActiveActiveUpgrades(values["cloud-active-active-upgrades"]);
  const ageHours = values["age-hours"] === undefined ? undefined : positiveHours(values["age-hours"], "--age-hours");
  const sims = await startSimulators({
    port: values.port === undefined ? undefined : positive(values.port, "--port"),
    tls: !values["no-tls"],
    lifetimeMs: lifetime === undefined ? undefined : lifetime * 60_000,
    holdProcess: true,
  });
  for (const database of databases) sims.software.addDatabase(database);
  for (const database of cloudDatabases) sims.cloud.addDatabase(database);
  if (activeActiveUpgrades) sims.cloud.setActiveActiveUpgrades(activeActiveUpgrades);
  if (ageHours !== undefined) for (const simulator of [sims.software, sims.cloud]) simulator.age(ageHours);
  process.stdout.write(
    `Redis Software simulator at ${sims.server.url}, Redis Cloud API at ${sims.server.url}/v1\n` +
      Object.entries(sims.env).map(([key, value]) => `export ${key}=${value}\n`).join("") +
      "Press Ctrl-C to stop.\n",
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    // Unreferenced, so a process stopped by a signal exits at once instead of waiting out its lifetime.
    if (lifetime !== undefined) setTimeout(resolve, lifetime * 60_000).unref();
  });
  await sims.server.close();
  return 0;
}

function parseDatabase(entry: string): { uid: number; version: string; replication: boolean } {
  const match = /^(\d+)=(\d+\.\d+(?:\.\d+)?)$/.exec(entry);
  if (!match) throw new UserFacingError(`--database ${JSON.stringify(entry)}: expected UID=VERSION, e.g. 12=7.2`);
  return { uid: Number(match[1]), version: match[2], replication: true };
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
