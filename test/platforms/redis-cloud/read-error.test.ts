import { readCloudError } from "../../../src/platforms/redis-cloud/read-error";

describe("readCloudError", () => {
  it.each([
    ["a task-style error object", { type: "DATABASE_NOT_FOUND", status: "404 NOT_FOUND", description: "no such db" }, { errorCode: "DATABASE_NOT_FOUND", detail: "no such db" }],
    ["a task carrying the error", { taskId: "t", status: "processing-error", response: { error: { type: "GENERAL_ERROR", description: "boom" } } }, { errorCode: "GENERAL_ERROR", detail: "boom" }],
    ["a wrapper holding the error", { error: { type: "BAD_REQUEST", description: "bad" } }, { errorCode: "BAD_REQUEST", detail: "bad" }],
    ["a Spring-style body", { status: 403, error: "Forbidden", message: "Access denied" }, { detail: "Access denied" }],
    ["a Spring-style body without message", { status: 403, error: "Forbidden" }, { detail: "Forbidden" }],
    ["plain text", "Bad Request: JSON parse error", { detail: "Bad Request: JSON parse error" }],
    ["an nginx page", "<html><head><title>401 Authorization Required</title></head></html>", { detail: "401 Authorization Required (an HTML page, not the API's JSON)" }],
    ["nothing", undefined, {}],
    ["a list", [1, 2], {}],
  ])("reads %s", (_what, body, expected) => {
    expect(readCloudError(body)).toEqual(expected);
  });
});
