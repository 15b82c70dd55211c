import * as z from "zod";
import { SpecError } from "../core/errors";

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => (issue.path.length ? `${field}.${key}` : key));
      return `unknown option ${keys.join(", ")}: remove it or check its spelling`;
    }
    return `${field}: ${issue.message}`;
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new SpecError(where, describeIssues(result.error));
  return result.data;
}
