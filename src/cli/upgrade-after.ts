import { explain } from "../core/errors";
import { orderNote, Predecessor, readState } from "../engine";
import { upgraderFor } from "../kinds";
import { PlatformContext } from "../platforms/context";
import { Spec } from "../spec";
import { parseVersion } from "../versions";

/**
 * Reads the database of each pin in `upgradeAfter` live, as apply needs it
 * to decide: Terraform ran those pins first, but the order must hold even
 * when one was applied elsewhere or by hand. An unreadable one is not
 * guessed at: decide refuses until it can be read. The order is printed,
 * so the apply's output shows what it waited for.
 */
export async function readPredecessors(spec: Spec, context: PlatformContext): Promise<Predecessor[]> {
  const predecessors = await Promise.all(
    (spec.upgradeAfter ?? []).map(async (listed): Promise<Predecessor> => {
      const pinned = parseVersion(listed.redisVersion);
      try {
        const observed = await upgraderFor(listed, context).observe(pinned);
        return { address: listed.address, pinned, state: readState(observed, pinned) };
      } catch (error) {
        return { address: listed.address, pinned, state: { kind: "unreadable", error: explain(error) } };
      }
    }),
  );
  const note = orderNote(predecessors);
  if (note) context.log.info(`${spec.address}: ${note}`);
  return predecessors;
}
