import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { RedisCloudDatabaseVersion, RedisSoftwareActiveActiveVersion, RedisSoftwareDatabaseVersion } from "../../src";
import { pinOf, synthJson } from "../support/synth";
import { tempDir } from "../support/temp";

const ca = path.join(tempDir("command"), "ca.pem");
fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");

const commandOf = (build: (scope: Construct) => void): string => pinOf(synthJson(build)).provisioner[0]["local-exec"].command;
const software = (cluster: { url: string; caCertFile?: string }) => (scope: Construct) =>
  new RedisSoftwareDatabaseVersion(scope, "orders", { cluster, databaseUid: 1, redisVersion: "7.4" });
const activeActive = (participantCa: string | undefined) => (scope: Construct) =>
  new RedisSoftwareActiveActiveVersion(scope, "carts", {
    cluster: { url: "https://east.example.com:9443", caCertFile: ca },
    participants: [{ url: "https://west.example.com:9443", caCertFile: participantCa }],
    crdbGuid: "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f",
    redisVersion: "8.2",
  });
const cloud = (caCertFile: string | undefined) => (scope: Construct) =>
  new RedisCloudDatabaseVersion(scope, "sessions", { subscriptionId: 1, databaseId: 2, redisVersion: "8.2", api: { caCertFile } });

/*
 * --use-openssl-ca spares the handler Node's parse of its bundled root
 * certificates, which only matters, and is only safe, when no endpoint of
 * the pin relies on those roots.
 */
describe("the handler command", () => {
  it.each([
    ["a cluster that names its own CA", true, software({ url: "https://cluster.example.com:9443", caCertFile: ca })],
    ["a cluster over plain http", true, software({ url: "http://127.0.0.1:8080" })],
    ["a cluster trusted through public roots or REDIS_SOFTWARE_CA_CERT", false, software({ url: "https://cluster.example.com:9443" })],
    ["Active-Active where every cluster names its CA", true, activeActive(ca)],
    ["Active-Active with a participant that names none", false, activeActive(undefined)],
    ["Redis Cloud through a proxy with its own CA", true, cloud(ca)],
    ["Redis Cloud's public API", false, cloud(undefined)],
  ])("for %s, --use-openssl-ca: %s", (_case, flagged, build) => {
    const command = commandOf(build);
    expect(command).toMatch(/^node (--use-openssl-ca )?"assets\/redis-version-handler\/[0-9A-F]+\/handler\.cjs" apply$/);
    expect(command.includes("--use-openssl-ca")).toBe(flagged);
  });
});
