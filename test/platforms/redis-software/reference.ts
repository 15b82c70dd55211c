import { resolve } from "node:path";
import { REFERENCE_DIR } from "../../support/reference";

/** Answers captured from a real Redis Software cluster, in the shared reference folder. */
export const CAPTURES_DIR = resolve(REFERENCE_DIR, "redis-software-captures");
