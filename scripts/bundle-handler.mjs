// Builds lib/handler.cjs: the single file each synthesized stack carries.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/handler.ts"],
  outfile: "lib/handler.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
});
