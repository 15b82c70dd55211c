import { z } from "zod";
import { softwareDatabaseSpecSchema } from "./redis-software-database";

/** Every kind of pin the handler knows; `kind` tells them apart. */
export const specSchema = z.discriminatedUnion("kind", [softwareDatabaseSpecSchema]);
export type Spec = z.infer<typeof specSchema>;
