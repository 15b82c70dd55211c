#!/usr/bin/env node
import { consoleLogger } from "../core/log";
import { explain, UserFacingError } from "../core/errors";
import { apply } from "./apply";
import { demo } from "./demo";
import { plan, PROCESS_IO } from "./plan";
import { simulate } from "./simulate";

const USAGE = `usage: redis-version <command> [options]

commands:
  apply       converge one pin (run by Terraform's local-exec; reads REDIS_VERSION_SPEC)
  plan        show what apply would do to every pin in cdktf.out, read live (reads only)
  simulate    serve the Redis Software and Redis Cloud simulators on 127.0.0.1
  demo        rehearse the whole flow of main.ts against the simulator (npm start)

run "redis-version <command> --help" for a command's options`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  apply: async (args) => {
    if (args.length) throw new UserFacingError(`apply takes no arguments (got ${args.join(" ")})`);
    return apply({ env: process.env, log: consoleLogger, cwd: process.cwd() });
  },
  plan: (args) => plan(args, PROCESS_IO),
  simulate,
  demo,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command ${JSON.stringify(name)}\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    process.stderr.write(`error: ${isUsageError(error) ? (error as Error).message : explain(error)}\n`);
    return 2;
  }
}

/** parseArgs explains unknown options and stray arguments well; only its stack would be noise. */
function isUsageError(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS_");
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
