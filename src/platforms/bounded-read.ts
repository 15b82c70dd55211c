import type { Readable } from "node:stream";

/** No answer of either API comes near this; a body past it is cut off instead of filling memory. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit / (1024 * 1024)} MiB (MAX_RESPONSE_BYTES), far more than any answer of this API: stopped reading it`);
    this.name = "ResponseTooLarge";
  }
}

/** Reads a body chunk by chunk, stopping (and closing the stream) as soon as it passes the limit. */
export async function readBounded(body: Readable, contentLength: string | undefined, limit = MAX_RESPONSE_BYTES): Promise<string> {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    body.destroy();
    throw new ResponseTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
