import { errorBodySchema, processorErrorSchema } from "./schemas";

export interface ErrorWords {
  errorCode?: string;
  detail?: string;
}

/**
 * Reads whatever shape a failed call came back in (see errorBodySchema) into
 * the error code and the API's own sentence, for HttpClient's ApiError.
 */
export function readCloudError(body: unknown): ErrorWords {
  if (typeof body === "string") return { detail: plainText(body) };
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { type, description, message, error, response } = parsed.data;
  const nested = processorError(error) ?? processorError(response?.error);
  if (nested) return nested;
  const spring = typeof error === "string" ? error : undefined;
  return { errorCode: type, detail: description ?? message ?? spring };
}

function processorError(value: unknown): ErrorWords | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const parsed = processorErrorSchema.safeParse(value);
  if (!parsed.success || !parsed.data.type) return undefined;
  return { errorCode: parsed.data.type, detail: parsed.data.description };
}

/** An HTML error page (nginx answers 401 that way) is reduced to its title. */
function plainText(text: string): string | undefined {
  if (!text.trimStart().startsWith("<")) return text || undefined;
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  return title ? `${title} (an HTML page, not the API's JSON)` : "an HTML page instead of the API's JSON";
}
