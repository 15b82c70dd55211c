import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserFacingError } from "../../src/core/errors";
import { MAX_CA_BYTES, readPemFile } from "../../src/platforms/pem";

/** Issue 20 item 7: a CA setting is read only from a regular file, and only so much of it. */
describe("readPemFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-pem-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const failure = (file: string) => {
    try {
      readPemFile(file, "cluster.caCertFile");
    } catch (error) {
      expect(error).toBeInstanceOf(UserFacingError);
      return (error as Error).message;
    }
    throw new Error(`${file} was read`);
  };

  it("reads a regular PEM file, and one reached through a symbolic link", () => {
    const file = path.join(dir, "ca.pem");
    fs.writeFileSync(file, pem);
    fs.symlinkSync(file, path.join(dir, "link.pem"));
    expect(readPemFile(file, "cluster.caCertFile")).toBe(pem);
    expect(readPemFile(path.join(dir, "link.pem"), "cluster.caCertFile")).toBe(pem);
  });

  it("refuses a FIFO at once instead of waiting for a writer", () => {
    const fifo = path.join(dir, "ca.fifo");
    execFileSync("mkfifo", [fifo]);
    expect(failure(fifo)).toBe(`cannot read the CA certificate ${fifo} named by cluster.caCertFile (it is a FIFO (named pipe), not a regular file): point the setting at the CA's PEM file itself`);
  });

  it.each([
    ["/dev/zero", "a character device"],
    [os.tmpdir(), "a directory"],
  ])("refuses %s: %s", (file, kind) => {
    expect(failure(file)).toMatch(new RegExp(`named by cluster\\.caCertFile \\(it is ${kind}, not a regular file\\)`));
  });

  it("refuses a file larger than any CA without reading it whole", () => {
    const big = path.join(dir, "big.pem");
    fs.writeFileSync(big, pem);
    fs.truncateSync(big, MAX_CA_BYTES + 1);
    expect(failure(big)).toMatch(/\(it holds more than 1 MiB, far more than a CA certificate\)/);
  });

  it("names the setting when the file is missing, and when it is not PEM", () => {
    expect(failure(path.join(dir, "missing.pem"))).toMatch(/named by cluster\.caCertFile \(ENOENT\): fix the path or remove the setting/);
    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "hello");
    expect(failure(text)).toBe(`${text} named by cluster.caCertFile is not a PEM certificate: export the CA as PEM text`);
  });
});
