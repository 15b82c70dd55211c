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
 * The OpenAPI document gives every failed call a status and a description,
 * and no body schema (e.g. 409 "Conflict - request could not be processed
 * because of a conflict", 412 "Precondition Failed - Feature flag for this
 * flow is off"); rediscloud-go-api keeps such a body as opaque text
 * ("<status> - <body>"). So a synchronous error here carries the status and
 * the document's description with our detail, and no error code: a client
 * must act on the HTTP status, as the Go client does. The task-error object
 * `{type, status, description}` is only ever inside a task.
 */
const DOCUMENTED: Readonly<Record<number, string>> = {
  400: "Bad Request - The server cannot process the request due to something that is perceived to be a client error",
  401: "Unauthorized - Authentication failed for requested resource",
  404: "Not Found - The resource you were trying to reach was not found or does not exist",
  409: "Conflict - request could not be processed because of a conflict",
  412: "Precondition Failed - Feature flag for this flow is off",
  429: "Too Many Requests - Too many resources are concurrently created / updated / deleted in the account",
  500: "Internal system error - If this error persists, please contact customer support",
};

export function errorResponse(status: number, detail: string): SimResponse {
  return { status, body: { status, description: `${DOCUMENTED[status] ?? "Error"}: ${detail}` } };
}
