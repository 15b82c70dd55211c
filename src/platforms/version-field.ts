import * as z from "zod";
import { InvalidVersionError, parseReportedVersion, RedisVersion } from "../versions";

/** A version a control plane reported ("8.0", "6.0-big", "7.4.2-1"), or undefined when it is none we can compare. */
export function readReportedVersion(text: string | undefined): RedisVersion | undefined {
  if (!text) return undefined;
  try {
    return parseReportedVersion(text);
  } catch (error) {
    if (error instanceof InvalidVersionError) return undefined;
    throw error;
  }
}

/**
 * A field of an answer that holds the database's version. A value we cannot
 * read ("08.0", say) fails the answer's parse, so HttpClient reports it as a
 * ResponseShapeError naming the field, the value and the host.
 */
export const reportedVersionField = z.string().superRefine((text, context) => {
  if (!readReportedVersion(text)) {
    context.addIssue({ code: "custom", message: `expected a Redis version such as "7.4", got ${JSON.stringify(text)}` });
  }
});
