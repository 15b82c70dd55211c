import * as z from "zod";

/*
 * zod compiles each object schema into a function the first time it parses
 * with it: a gain for a process that parses many values, a loss for the
 * handler, which parses a handful once. This module is the bundle's first
 * import, because zod decides when a schema is created, not when it parses.
 */
z.config({ jitless: true });
