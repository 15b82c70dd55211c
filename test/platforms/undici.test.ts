import * as undici from "undici";
import { Agent } from "../../src/platforms/undici";

describe("the transport's undici imports", () => {
  it("are the objects undici's public entry point exports, so an upgrade that moves them fails here", () => {
    expect(Agent).toBe(undici.Agent);
    expect(require("undici/lib/api/api-request")).toBe(undici.Dispatcher.prototype.request);
  });
});
