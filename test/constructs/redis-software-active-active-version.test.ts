import { TerraformStack, Testing } from "cdktf";
import { RedisSoftwareActiveActiveVersion, RedisSoftwareActiveActiveVersionProps } from "../../src";
import { errorOf, specOf, synthJson, triggersOf } from "../support/synth";

const guid = "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f";
const base: RedisSoftwareActiveActiveVersionProps = {
  cluster: { url: "https://east.example.com:9443" },
  crdbGuid: guid,
  redisVersion: "8.2",
};

const synth = (props: unknown) =>
  synthJson((scope) => {
    new RedisSoftwareActiveActiveVersion(scope, "carts", props as RedisSoftwareActiveActiveVersionProps);
  });

describe("RedisSoftwareActiveActiveVersion", () => {
  it("carries every option of the CRDB upgrade, the task settings and the participants", () => {
    const spec = specOf(
      synth({
        ...base,
        upgrade: {
          preserveRoles: true,
          forceRestart: true,
          keepCrdtProtocolVersion: true,
          parallelShardsUpgrade: 3,
          mayDiscardData: true,
          modules: [{ newModuleArgs: "PARTITIONS AUTO" }],
        },
        acknowledgeDataLoss: true,
        taskId: "carts-upgrade-82",
        resultTtlSeconds: 7200,
        participants: [{ url: "https://west.example.com:9443", usernameEnv: "WEST_USER", passwordEnv: "WEST_PASS" }],
      }),
    );
    expect(spec).toMatchObject({
      kind: "redis-software-active-active",
      crdbGuid: guid,
      upgrade: { preserveRoles: true, forceRestart: true, keepCrdtProtocolVersion: true, parallelShardsUpgrade: 3, mayDiscardData: true },
      taskId: "carts-upgrade-82",
      resultTtlSeconds: 7200,
      participants: [{ url: "https://west.example.com:9443", usernameEnv: "WEST_USER", passwordEnv: "WEST_PASS" }],
      cluster: { usernameEnv: "REDIS_SOFTWARE_USERNAME", passwordEnv: "REDIS_SOFTWARE_PASSWORD" },
    });
  });

  it("re-runs when the options change", () => {
    const triggers = (props: object) => triggersOf(synth({ ...base, ...props }));
    expect(triggers({ upgrade: { keepCrdtProtocolVersion: true } })).not.toEqual(triggers({}));
  });

  it("accepts the deprecated module uids with a warning", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const pin = new RedisSoftwareActiveActiveVersion(stack, "carts", { ...base, upgrade: { modules: [{ currentModule: "a1", newModule: "b2" }] } });
    const warnings = pin.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
    expect(warnings).toEqual([expect.stringMatching(/upgrade\.modules\[0\]\.currentModule and \.newModule: deprecated since Redis Software 7\.8\.2/)]);
  });

  it.each([
    [{ crdbGuid: "carts" }, /crdbGuid: must be the CRDB's GUID/],
    [{ upgrade: { forceDiscard: true } }, /acknowledgeDataLoss: upgrade\.forceDiscard can discard/],
    [{ upgrade: { parallelShardsUpgrade: 2.5 } }, /upgrade\.parallelShardsUpgrade: must be a whole number/],
    [{ upgrade: { keepCrdtProtocol: true } }, /unknown option upgrade\.keepCrdtProtocol/],
    [{ resultTtlSeconds: 0 }, /resultTtlSeconds: must be greater than zero/],
    [{ taskId: "has space" }, /taskId: must be letters, digits and dashes/],
    [{ participants: [{ url: "west" }] }, /participants\.0\.url: must be the cluster's REST API address/],
  ])("refuses %j with the construct path and the field", (override, message) => {
    const error = errorOf(() => synth({ ...base, ...override }));
    expect(error).toMatch(/\[\S*carts\] /);
    expect(error).toMatch(message);
  });
});
