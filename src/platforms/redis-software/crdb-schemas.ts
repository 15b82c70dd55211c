import * as z from "zod";
import { errorBodySchema } from "./schemas";

/** Active-Active (CRDB) objects and tasks. Plain `z.object`s: unknown fields (credentials included) are dropped. */

const crdbInstanceSchema = z.object({
  id: z.number().int(),
  cluster: z.object({ name: z.string().optional(), url: z.string().optional() }).optional(),
  /** "Likely to be empty for instances other than the local one." */
  db_uid: z.union([z.string(), z.number()]).optional(),
});

const localDatabaseSchema = z.object({
  bdb_uid: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  id: z.number().int(),
});

export const crdbSchema = z.object({
  guid: z.string(),
  name: z.string().optional(),
  protocol_version: z.number().int().optional(),
  featureset_version: z.number().int().optional(),
  default_db_config: z
    .object({
      redis_version: z.string().optional(),
      module_list: z.array(z.object({ module_name: z.string() })).optional(),
    })
    .optional(),
  instances: z.array(crdbInstanceSchema).default([]),
  local_databases: z.array(localDatabaseSchema).default([]),
});
export type Crdb = z.infer<typeof crdbSchema>;

/** The docs promise an array; a real cluster wraps it as `{"crdbs": [...]}`. Both read as an array. */
export const crdbListSchema = z.union([
  z.array(crdbSchema),
  z.object({ crdbs: z.array(crdbSchema) }).transform((list) => list.crdbs),
]);

/** An open enum (objects/crdb_task.md names queued, started, finished, failed): see status-meaning.ts. */
export const crdbTaskStatusSchema = z.string();

export const crdbTaskSchema = z.object({
  id: z.string(),
  crdb_guid: z.string().optional(),
  operation: z.string().optional(),
  status: crdbTaskStatusSchema,
  /** `{cluster_name, error_code, description}` per failing participant. */
  errors: z.array(errorBodySchema).default([]),
  progress: z
    .object({
      clusters: z.array(z.object({ name: z.string(), progress: z.string().optional() })).default([]),
      worker: z.string().optional(),
    })
    .optional(),
  started: z.string().optional(),
  ended: z.string().optional(),
});
export type CrdbTask = z.infer<typeof crdbTaskSchema>;
