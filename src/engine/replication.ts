/**
 * Replica Of (Active-Passive) links between pinned databases, as the control
 * planes report them: Redis asks that a link's destination be upgraded
 * before its source. Endpoints are kept as "host:port" only, never with the
 * credentials a source URI may carry.
 */
export interface Replication {
  /** Where this database answers ("host:port"). */
  readonly endpoints: readonly string[];
  /** Where the databases it replicates from answer ("host:port"). */
  readonly sources: readonly string[];
}

/** "redis://user:secret@Host:12000" or "host:12000" → "host:12000"; undefined when no host and port can be read. */
export function endpointOf(text: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([^:/@\s]+):(\d+)/i.exec(text.trim());
  return match ? `${match[1].toLowerCase()}:${match[2]}` : undefined;
}

interface Linked {
  readonly address: string;
  readonly action: string;
  readonly upgradeAfter: readonly string[];
  readonly replication?: Replication;
}

/**
 * One warning per source that would be upgraded while a destination that
 * replicates from it is still behind, with nothing ordering the destination
 * first: keyed by the source's index.
 */
export function sourceFirstWarnings(pins: readonly Linked[]): Map<number, string[]> {
  const warnings = new Map<number, string[]>();
  pins.forEach((source, i) => {
    if (source.action !== "upgrade") return;
    const destinations = pins.filter(
      (destination, j) => j !== i && destination.action !== "noop" && replicatesFrom(destination, source) && !source.upgradeAfter.includes(destination.address),
    );
    if (destinations.length === 0) return;
    const names = destinations.map((destination) => destination.address).join(", ");
    warnings.set(i, [
      `a Replica Of source of ${names}, which replicate${destinations.length === 1 ? "s" : ""} from it and ${destinations.length === 1 ? "is" : "are"} not yet at ` +
        `${destinations.length === 1 ? "its" : "their"} pin: Redis upgrades the destination before its source, and nothing orders it first here. ` +
        `Add upgradeAfter: [${names}] to this pin`,
    ]);
  });
  return warnings;
}

function replicatesFrom(destination: Linked, source: Linked): boolean {
  const sources = new Set(destination.replication?.sources ?? []);
  return (source.replication?.endpoints ?? []).some((endpoint) => sources.has(endpoint));
}
