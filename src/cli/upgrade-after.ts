import { explain } from "../core/errors";
import { orderNote, Predecessor, PredecessorState, readState } from "../engine";
import { upgraderFor } from "../kinds";
import { PlatformContext } from "../platforms/context";
import { PredecessorSpec, Spec } from "../spec";
import { parseVersion, RedisVersion } from "../versions";

/**
 * Reads the database of each pin in `upgradeAfter` live, as apply needs it
 * to decide: Terraform ran those pins first, but the order must hold even
 * when one was applied elsewhere (another stack, another pipeline) or by
 * hand. An unreadable one is not guessed at: decide refuses until it can be
 * read. The order is printed, so the apply's output shows what it waited for.
 */
export async function readPredecessors(spec: Spec, context: PlatformContext): Promise<Predecessor[]> {
  const predecessors = await Promise.all(
    (spec.upgradeAfter ?? []).map(async (listed): Promise<Predecessor> => {
      const pinned = parseVersion(listed.redisVersion);
      return { address: listed.address, pinned, soakHours: listed.soakHours, state: await stateOf(listed, pinned, context) };
    }),
  );
  const note = orderNote(predecessors);
  if (note) context.log.info(`${spec.address}: ${note}`);
  return predecessors;
}

async function stateOf(listed: PredecessorSpec, pinned: RedisVersion, context: PlatformContext): Promise<PredecessorState> {
  try {
    return readState(await upgraderFor(listed, context).observe(pinned), pinned);
  } catch (error) {
    return { kind: "unreadable", error: explain(error) };
  }
}
