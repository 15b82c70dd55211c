import { RedisCloudDatabaseVersion, RedisCloudDatabaseVersionProps } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { Simulated, simulatedEachTest } from "./simulated";
import { synthStack } from "../support/terraform";
import { tempDir } from "../support/temp";

export const cloudCredentials = { accessKey: "e2e-account-key-Zq81Xw", secretKey: "e2e-user-key-Pm47Lc" };

/** A fresh Cloud simulator for each test, with the variables the official provider reads, and the simulator's address and CA. */
export function simulatedCloudServerEachTest(): Simulated<RedisCloudSimulator> {
  return simulatedEachTest(
    () => new RedisCloudSimulator({ credentials: cloudCredentials }),
    ({ server, caFile }) => ({
      REDISCLOUD_ACCESS_KEY: cloudCredentials.accessKey,
      REDISCLOUD_SECRET_KEY: cloudCredentials.secretKey,
      REDISCLOUD_URL: `${server.url}/v1`,
      REDISCLOUD_CA_CERT: caFile,
    }),
  );
}

/** A fresh Cloud simulator for each test, and a stack with one "sessions" pin aimed at it (consenting to cross a major unless told not to). */
export function simulatedCloudEachTest() {
  const sim = simulatedCloudServerEachTest();
  const stack = (props: Partial<RedisCloudDatabaseVersionProps> = {}) =>
    synthStack(tempDir("out"), (scope) => {
      new RedisCloudDatabaseVersion(scope, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2", allowMajorVersionUpgrade: true, ...props });
    });
  return { sim, stack };
}
