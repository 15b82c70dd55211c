import * as z from "zod";
import { cloudDatabaseSpecSchema } from "./redis-cloud-database";
import { activeActiveSpecSchema } from "./redis-software-active-active";
import { softwareDatabaseSpecSchema } from "./redis-software-database";

/** Every kind of pin the handler knows; `kind` tells them apart. */
export const specSchema = z.discriminatedUnion("kind", [softwareDatabaseSpecSchema, activeActiveSpecSchema, cloudDatabaseSpecSchema]);
export type Spec = z.infer<typeof specSchema>;
