import { apply } from "../../src/cli/apply";
import { SPEC_ENV } from "../../src/spec";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { serve } from "../../src/simulator/server";
import { softwareSpec } from "../support/specs";
import { recordingLogger } from "../support/logger";

const credentials = { username: "apply@example.com", password: "apply-password" };

/** Runs the handler against a served simulator holding database 12 at 7.2, pinned to 7.4. */
async function applyWith(schedule: Record<string, string>) {
  const simulator = new RedisSoftwareSimulator({ credentials, stepsPerUpgrade: 3 });
  simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
  const server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
  try {
    const log = recordingLogger();
    const spec = softwareSpec({ cluster: { url: server.url }, redisVersion: "7.4" });
    const env = { [SPEC_ENV]: JSON.stringify(spec), REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password, ...schedule };
    const code = await apply({ env, log, cwd: process.cwd() });
    return { code, output: log.lines.join("\n"), requests: server.requests.length };
  } finally {
    await server.close();
  }
}

describe("the follow schedule's variables", () => {
  it.each([
    ["REDIS_VERSION_POLL_INTERVAL_MS", "50"],
    ["REDIS_VERSION_POLL_MAX_MS", "99"],
    ["REDIS_VERSION_POLL_INTERVAL_MS", "1s"],
  ])("refuses %s=%s before sending anything, naming the variable and the floor", async (name, value) => {
    const { code, output, requests } = await applyWith({ [name]: value });
    expect(code).toBe(1);
    expect(output).toContain(`${name} must be a whole number of milliseconds, at least 100 (got "${value}"); unset it for the default`);
    expect(requests).toBe(0);
  });

  it("refuses a ceiling below the floor", async () => {
    const { code, output, requests } = await applyWith({ REDIS_VERSION_POLL_INTERVAL_MS: "500", REDIS_VERSION_POLL_MAX_MS: "200" });
    expect(code).toBe(1);
    expect(output).toMatch(/REDIS_VERSION_POLL_MAX_MS \(200\) is below REDIS_VERSION_POLL_INTERVAL_MS \(500\)/);
    expect(requests).toBe(0);
  });

  it("follows an upgrade with scaled-down bounds, each progress line saying when the next check comes", async () => {
    const { code, output } = await applyWith({ REDIS_VERSION_POLL_INTERVAL_MS: "100", REDIS_VERSION_POLL_MAX_MS: "200" });
    expect(code).toBe(0);
    expect(output).toMatch(/upgraded 7\.2\.\d+ → 7\.4/);
    expect(output).toMatch(/\] .*; next check in 0\.[12]s/);
  });
});
