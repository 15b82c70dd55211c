import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REFERENCE_DIR } from "../../support/reference";

/** Redis Cloud's OpenAPI document, in the shared reference folder. */
export const OPENAPI_FILE = resolve(REFERENCE_DIR, "redis-cloud-openapi.json");

export function loadOpenApi(): unknown {
  return JSON.parse(readFileSync(OPENAPI_FILE, "utf8"));
}
