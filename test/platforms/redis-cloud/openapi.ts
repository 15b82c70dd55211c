import Ajv, { ValidateFunction } from "ajv";
import { z } from "zod";
import { SimRequest, SimResponse } from "../../../src/simulator/types";

/**
 * Checks requests and responses against the Redis Cloud OpenAPI 3.0.1
 * document with ajv. The document's schemas are OpenAPI 3.0 dialect, so they
 * are first brought to JSON Schema (boolean exclusiveMinimum), and the one
 * known error of the document is corrected in the open (see KNOWN_DEVIATIONS).
 */

const jsonSchema = z.record(z.string(), z.unknown());
type JsonSchema = z.infer<typeof jsonSchema>;

const parameterSchema = z.object({
  name: z.string(),
  in: z.enum(["path", "query", "header", "cookie"]),
  required: z.boolean().optional(),
  schema: jsonSchema.optional(),
});

const mediaSchema = z.record(z.string(), z.object({ schema: jsonSchema.optional() }));

const operationSchema = z.object({
  operationId: z.string(),
  parameters: z.array(parameterSchema).default([]),
  requestBody: z.object({ required: z.boolean().optional(), content: mediaSchema }).optional(),
  responses: z.record(z.string(), z.object({ content: mediaSchema.optional() })),
});
type Operation = z.infer<typeof operationSchema>;

const documentSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
  components: z.object({ schemas: z.record(z.string(), jsonSchema) }),
});

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operation: Operation;
}

export interface Matched {
  readonly template: string;
  readonly operation: Operation;
  readonly params: Readonly<Record<string, string>>;
}

const REF_BASE = "openapi";
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/**
 * The document types a task's `response.error` as a string enum; real
 * answers carry `{type, status, description}` (API-REDIS-CLOUD.md §5: Go SDK
 * model, Terraform provider issues #83 and #137). The object is accepted,
 * and its `type` must still be one of the document's codes.
 */
function correctKnownDeviations(schemas: Record<string, JsonSchema>): void {
  const processor = schemas.ProcessorResponse as { properties: Record<string, JsonSchema> };
  const codes = processor.properties.error;
  processor.properties.error = {
    oneOf: [
      codes,
      {
        type: "object",
        required: ["type"],
        additionalProperties: false,
        properties: { type: codes, status: { type: "string" }, description: { type: "string" } },
      },
    ],
  };
}

export class OpenApiContract {
  private readonly routes: Route[];
  private readonly ajv: Ajv;
  private readonly schemas: Record<string, JsonSchema>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(raw: unknown) {
    const document = documentSchema.parse(raw);
    this.schemas = toJsonSchema(structuredClone(document.components.schemas)) as Record<string, JsonSchema>;
    correctKnownDeviations(this.schemas);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: REF_BASE, components: { schemas: this.schemas } });
    this.routes = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, operation]) => route(method.toUpperCase(), template, operation)),
    );
  }

  /** The operation a request names; literal segments beat parameters (/subscriptions/redis-versions is not a subscription id). */
  match(method: string, path: string): Matched | undefined {
    const candidates = this.routes
      .filter((candidate) => candidate.method === method && candidate.pattern.test(path))
      .sort((a, b) => a.names.length - b.names.length);
    const found = candidates[0];
    if (!found) return undefined;
    const values = found.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    return { template: found.template, operation: found.operation, params: Object.fromEntries(found.names.map((name, i) => [name, values[i]])) };
  }

  requestProblems(request: SimRequest): string[] {
    const matched = this.match(request.method, request.path);
    if (!matched) return [`${request.method} ${request.path}: no such operation in the document`];
    const where = `${request.method} ${matched.template}`;
    return [
      ...this.parameterProblems(matched, request).map((problem) => `${where}: ${problem}`),
      ...this.bodyProblems(matched.operation, request).map((problem) => `${where}: ${problem}`),
      ...["x-api-key", "x-api-secret-key"].filter((header) => !request.headers[header]).map((header) => `${where}: no ${header} header`),
    ];
  }

  responseProblems(request: SimRequest, response: SimResponse): string[] {
    const matched = this.match(request.method, request.path);
    if (!matched) return [`${request.method} ${request.path}: no such operation in the document`];
    const where = `${request.method} ${matched.template} → ${response.status}`;
    const documented = matched.operation.responses[String(response.status)] ?? matched.operation.responses.default;
    if (!documented) return [`${where}: status not documented for ${matched.operation.operationId}`];
    const schema = Object.values(documented.content ?? {})[0]?.schema;
    if (response.status >= 300) return this.errorCodeProblems(response.body).map((problem) => `${where}: ${problem}`);
    if (!schema) return [];
    return [
      ...this.validate(schema, response.body).map((problem) => `${where}: ${problem}`),
      ...this.exampleProblems(schema, response.body).map((problem) => `${where}: ${problem}`),
    ];
  }

  /** The component a `$ref` schema names, brought to JSON Schema. */
  component(schema: JsonSchema): JsonSchema | undefined {
    const name = COMPONENT_REF.exec(String(schema.$ref ?? ""))?.[1];
    return name ? this.schemas[name] : undefined;
  }

  validate(schema: JsonSchema, value: unknown): string[] {
    const validator = this.validator(schema);
    if (validator(value)) return [];
    return (validator.errors ?? []).map((error) => `${error.instancePath || "(body)"} ${error.message} ${JSON.stringify(error.params)}`);
  }

  private parameterProblems(matched: Matched, request: SimRequest): string[] {
    const declared = matched.operation.parameters;
    const problems: string[] = [];
    for (const parameter of declared.filter((p) => p.in === "path" || p.in === "query")) {
      const text = parameter.in === "path" ? matched.params[parameter.name] : (request.query.get(parameter.name) ?? undefined);
      if (text === undefined) {
        if (parameter.required) problems.push(`required ${parameter.in} parameter ${parameter.name} missing`);
        continue;
      }
      const value = parameter.schema?.type === "integer" || parameter.schema?.type === "number" ? Number(text) : text;
      problems.push(...this.validate(parameter.schema ?? {}, value).map((problem) => `${parameter.in} ${parameter.name}=${text}: ${problem}`));
    }
    const known = new Set(declared.filter((p) => p.in === "query").map((p) => p.name));
    for (const name of request.query.keys()) if (!known.has(name)) problems.push(`query parameter ${name} is not declared`);
    return problems;
  }

  private bodyProblems(operation: Operation, request: SimRequest): string[] {
    if (!operation.requestBody) return request.body === undefined ? [] : ["sends a body to an operation that takes none"];
    if (request.body === undefined) return operation.requestBody.required ? ["required request body missing"] : [];
    const type = request.headers["content-type"] ?? "";
    const media = Object.entries(operation.requestBody.content).find(([name]) => type.startsWith(name));
    if (!media?.[1].schema) return [`content-type ${JSON.stringify(type)} is not one the operation accepts`];
    return [...this.validate(media[1].schema, request.body), ...this.readOnlyProblems(media[1].schema, request.body)];
  }

  /** OpenAPI: read-only properties are set by the server and must not be sent. */
  private readOnlyProblems(schema: JsonSchema, body: unknown): string[] {
    const properties = ((this.component(schema) ?? schema).properties ?? {}) as Record<string, JsonSchema>;
    const sent = typeof body === "object" && body !== null ? Object.keys(body) : [];
    return sent.filter((key) => properties[key]?.readOnly === true).map((key) => `sends the read-only property ${key}`);
  }

  /** An error body that names a code names one the document knows. */
  private errorCodeProblems(body: unknown): string[] {
    const type = typeof body === "object" && body !== null ? (body as { type?: unknown }).type : undefined;
    if (type === undefined) return [];
    const codes = (this.schemas.ProcessorResponse.properties as Record<string, { oneOf: JsonSchema[] }>).error.oneOf[0];
    return this.validate(codes, type).map((problem) => `error type ${JSON.stringify(type)}: ${problem}`);
  }

  /**
   * Where a schema lists only ids and links (Database), its example is the
   * contract: every field the answer shares with the example has the
   * example's JSON type, all the way down.
   */
  private exampleProblems(schema: JsonSchema, body: unknown): string[] {
    const component = this.component(schema);
    if (!component?.example || !isThin(component, body)) return [];
    return typeMismatches(component.example, body, "");
  }

  private validator(schema: JsonSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.ajv.compile(rebase(toJsonSchema(structuredClone(schema)) as JsonSchema));
      this.compiled.set(key, validator);
    }
    return validator;
  }
}

function route(method: string, template: string, operation: Operation): Route {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("/");
  return { method, template, pattern: new RegExp(`^${source}$`), names, operation };
}

/** A schema with properties that the answer goes beyond: the real fields live in the example. */
function isThin(component: JsonSchema, body: unknown): boolean {
  const properties = Object.keys((component.properties ?? {}) as object);
  return typeof body === "object" && body !== null && Object.keys(body).some((key) => !properties.includes(key));
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function typeMismatches(example: unknown, actual: unknown, path: string): string[] {
  if (jsonType(example) !== jsonType(actual)) return [`${path || "(body)"} is ${jsonType(actual)}, the example has ${jsonType(example)}`];
  if (Array.isArray(example) && Array.isArray(actual)) {
    return example.length && actual.length ? actual.flatMap((item, i) => typeMismatches(example[0], item, `${path}/${i}`)) : [];
  }
  if (jsonType(example) !== "object") return [];
  const expected = example as Record<string, unknown>;
  return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) =>
    key in expected ? typeMismatches(expected[key], value, `${path}/${key}`) : [],
  );
}

/** OpenAPI 3.0 → JSON Schema: boolean exclusiveMinimum/Maximum become numbers; `nullable` admits null. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, toJsonSchema(value)])) as JsonSchema;
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof schema[flag] !== "boolean") continue;
    if (schema[flag] && typeof schema[bound] === "number") schema[flag] = schema[bound];
    else delete schema[flag];
    if (typeof schema[flag] === "number") delete schema[bound];
  }
  if (schema.nullable === true && typeof schema.type === "string") schema.type = [schema.type, "null"];
  return schema;
}

/** Points a schema's component references at the registered document. */
function rebase(node: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(node).replace(/"#\/components\/schemas\//g, `"${REF_BASE}#/components/schemas/`)) as JsonSchema;
}

function addFormats(ajv: Ajv): void {
  const integer = (bits: number) => (value: number) => Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
  ajv.addFormat("int32", { type: "number", validate: integer(32) });
  ajv.addFormat("int64", { type: "number", validate: integer(64) });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("YYYY-MM-DD", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("date-time", (text: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)));
}
