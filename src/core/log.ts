/** Where the handler's human-readable lines go; Terraform shows them as the provisioner's output. */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export const consoleLogger: Logger = {
  info: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`warning: ${line}\n`),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };
