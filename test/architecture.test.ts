import * as path from "node:path";
import { edgesOf, sourceFiles, staticClosure, violations } from "./support/layers";

const ROOT = path.resolve(__dirname, "..");
const files = sourceFiles(ROOT);
const edges = [...files].flatMap(([file, source]) => edgesOf(file, source));

describe("imports point down the layers", () => {
  it("holds for every file in src/", () => {
    expect(violations(edges)).toEqual([]);
  });

  it("catches a wrong-way import, a sideways one, and a lazy one outside the registry", () => {
    const planted = [
      ...edgesOf("src/engine/run.ts", 'import { HttpClient } from "../platforms/http";'),
      ...edgesOf("src/constructs/pin.ts", 'export { plan } from "../cli/plan";'),
      ...edgesOf("src/engine/run.ts", 'const cloud = () => require("../platforms/redis-cloud");'),
      ...edgesOf("src/engine/run.ts", 'import type { HttpClient } from "../platforms/http";'),
    ];
    expect(violations(planted)).toEqual([
      "src/engine/run.ts imports src/platforms/http: engine may not depend on platforms",
      "src/constructs/pin.ts imports src/cli/plan: constructs may not depend on cli",
      "src/engine/run.ts imports src/platforms/redis-cloud (require): engine may not depend on platforms",
    ]);
  });

  it("keeps platforms, the simulator and the CLI out of what a construct loads at synth", () => {
    const loaded = [...staticClosure("src/index.ts", edges)];
    expect(loaded.filter((module) => /^src\/(platforms|simulator|cli|engine\/(run|plan|poll))\b/.test(module))).toEqual([]);
    expect(loaded).toEqual(expect.arrayContaining(["src/constructs/pin", "src/kinds/registry", "src/spec/spec"]));
  });
});
