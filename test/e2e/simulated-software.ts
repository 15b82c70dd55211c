import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { Simulated, simulatedEachTest } from "./simulated";

export const softwareCredentials = { username: "e2e-admin@example.com", password: "e2e-Pa55word-never-stored" };

/** A fresh Redis Software simulator for each test, with the variables the handler reads to reach it. */
export function simulatedSoftwareEachTest(): Simulated<RedisSoftwareSimulator> {
  return simulatedEachTest(
    () => new RedisSoftwareSimulator({ credentials: softwareCredentials }),
    ({ caFile }) => ({
      REDIS_SOFTWARE_USERNAME: softwareCredentials.username,
      REDIS_SOFTWARE_PASSWORD: softwareCredentials.password,
      REDIS_SOFTWARE_CA_CERT: caFile,
    }),
  );
}
