import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/temp";

type Library = typeof import("../../src");
type Cdktf = typeof import("cdktf");

/** A fresh copy of the library and of cdktf, with classes of their own, as npm can leave in an app. */
function freshCopy(): { library: Library; cdktf: Cdktf } {
  let copy: { library: Library; cdktf: Cdktf } | undefined;
  jest.isolateModules(() => {
    copy = { library: require("../../src"), cdktf: require("cdktf") };
  });
  return copy!;
}

const ca = path.join(tempDir("copies"), "ca.pem");
fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");

/*
 * Two copies of the library (or of cdktf) in one app must still give each
 * stack one handler asset and one asset per CA file: recognising them with
 * instanceof would miss the other copy's and then collide on the id.
 */
describe("two copies of the library and of cdktf in one app", () => {
  it("share one handler asset and one CA asset per stack", () => {
    const first = freshCopy();
    const second = freshCopy();
    expect(second.cdktf.TerraformStack).not.toBe(first.cdktf.TerraformStack);
    const app = first.cdktf.Testing.app();
    const stack = new first.cdktf.TerraformStack(app, "stack");
    const cluster = { url: "https://cluster.example.com:9443", caCertFile: ca };
    new first.library.RedisSoftwareDatabaseVersion(stack, "orders", { cluster, databaseUid: 1, redisVersion: "7.4" });
    new second.library.RedisSoftwareDatabaseVersion(stack, "carts", { cluster, databaseUid: 2, redisVersion: "7.4" });

    const json = JSON.parse(first.cdktf.Testing.synth(stack));
    const pins = Object.values(json.resource.terraform_data) as any[];
    const commands = new Set(pins.map((pin) => pin.provisioner[0]["local-exec"].command));
    const caFiles = new Set(pins.map((pin) => JSON.parse(pin.input).cluster.caCertFile));
    expect(pins).toHaveLength(2);
    expect(commands.size).toBe(1);
    expect(caFiles.size).toBe(1);
    const assets = stack.node.children.filter((child) => child.node.id.startsWith("redis-version-"));
    expect(assets.map((asset) => asset.node.id).sort()).toEqual([expect.stringMatching(/^redis-version-file-/), "redis-version-handler"]);
  });
});
