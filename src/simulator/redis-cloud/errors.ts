import { SimResponse } from "../types";
import { TaskError } from "./model";

const REASONS: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  404: "NOT_FOUND",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
};

/** An error as a task's `response.error` carries it: `{type, status: "400 BAD_REQUEST", description}`. */
export function cloudError(status: number, type: string, description: string): TaskError {
  return { type, status: `${status} ${REASONS[status] ?? "ERROR"}`, description };
}

/**
 * A failed call. The synchronous error body is not documented; the simulator
 * answers with the one error shape real captures show (the task error object),
 * and the client reads others too.
 */
export function errorResponse(status: number, type: string | undefined, description: string): SimResponse {
  const body = type ? cloudError(status, type, description) : { status: `${status} ${REASONS[status] ?? "ERROR"}`, description };
  return { status, body };
}
