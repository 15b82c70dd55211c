import { z } from "zod";
import { ControlPlane } from "../../src/simulator/types";

/** A control plane that answers every request with what it saw, so the transport is tested on its own. */
export const echo: ControlPlane = {
  handle: (request) => ({ status: 200, body: { method: request.method, path: request.path, body: request.body ?? null } }),
};

/** What `echo` answers. */
export const echoed = z.object({ method: z.string(), path: z.string(), body: z.unknown() });
