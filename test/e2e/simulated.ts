import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { RunningServer } from "../../src/simulator/server";
import { ControlPlane, SimRequest } from "../../src/simulator/types";
import { serveOverTls, upgradePosts } from "../support/served";
import { terraformEnv } from "../support/terraform";
import { tempDir } from "../support/temp";

/** Long enough for the slowest apply a test runs; the server closes itself after it regardless. */
const LIFETIME_MS = 5 * 60_000;

/** A simulator served over TLS, fresh for each test, and the environment Terraform needs to reach it. */
export interface Simulated<S extends ControlPlane> {
  readonly simulator: S;
  readonly server: RunningServer;
  /** The server's CA, in a file outside any stack directory. */
  readonly caFile: string;
  /** terraformEnv with the credentials and CA variables, plus `extra`. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  upgradePosts(): SimRequest[];
  /** Serves `simulator` instead of the current one for the rest of the test, its CA written to the same file. */
  replace(simulator: S): Promise<void>;
}

/**
 * Registers the beforeEach/afterEach that serve `create()` over TLS for each
 * test of the enclosing describe. `variables` names the credentials and CA
 * as the platform's handler reads them.
 */
export function simulatedEachTest<S extends ControlPlane>(
  create: () => S,
  variables: (served: { readonly server: RunningServer; readonly caFile: string }) => Record<string, string>,
): Simulated<S> {
  let current: { simulator: S; server: RunningServer; caFile: string } | undefined;
  const now = () => {
    if (!current) throw new Error("the simulator is only served inside a test");
    return current;
  };
  const start = async (simulator: S, dir: string) => {
    const { server, caFile } = await serveOverTls(simulator, dir, LIFETIME_MS);
    current = { simulator, server, caFile };
  };

  beforeEach(() => start(create(), tempDir("ca")));
  afterEach(async () => {
    const { server, caFile } = now();
    await server.close();
    rmSync(dirname(caFile), { recursive: true, force: true });
  });

  return {
    get simulator() {
      return now().simulator;
    },
    get server() {
      return now().server;
    },
    get caFile() {
      return now().caFile;
    },
    env: (extra = {}) => terraformEnv({ ...variables(now()), ...extra }),
    upgradePosts: () => upgradePosts(now().server),
    replace: async (simulator) => {
      const { server, caFile } = now();
      await server.close();
      await start(simulator, dirname(caFile));
    },
  };
}
