import { requireEnv } from "../../src/platforms/context";
import { Redactor } from "../../src/core/redaction";
import { silentLogger } from "../../src/core/log";
import { testRun } from "../support/run";

describe("requireEnv", () => {
  const context = (env: Record<string, string>, redactor = new Redactor()) => testRun({ env, log: silentLogger, cwd: "/", redactor });

  it.each([["a trailing newline", "s3cret\n"], ["a carriage return", "s3cret\r"], ["a tab", "s3\tcret"]])(
    "refuses a credential with %s, naming the variable and never the value",
    (_, value) => {
      const read = () => requireEnv(context({ RS_PASS: value }), "RS_PASS", "the Redis Software password");
      expect(read).toThrow(/^the environment variable RS_PASS \(the Redis Software password\) contains a newline or control character: /);
      expect(read).not.toThrow(/s3/);
    },
  );

  it("registers the credential with the run's redactor", () => {
    const redactor = new Redactor();
    expect(requireEnv(context({ KEY: "k3y" }, redactor), "KEY", "a key")).toBe("k3y");
    expect(redactor.redact("got k3y")).toBe("got [redacted]");
  });
});
