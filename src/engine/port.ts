import { RedisVersion } from "../versions";
import type { Replication } from "./replication";

/**
 * An upgrade the control plane is running: an action, a task. Each platform
 * extends it with what following it needs, so what submit learns reaches
 * follow as a value and never as state kept in the upgrader.
 */
export interface Operation {
  /** How a user looks it up by hand, e.g. "GET /v1/actions/abc". */
  readonly lookup: string;
}

/**
 * An upgrade the control plane accepted but holds for later (Redis Cloud
 * schedules Active-Active upgrades in the subscription's maintenance windows):
 * nothing is left to send, and sending again would request it twice.
 */
export interface ScheduledUpgrade {
  /** The version the pending request names. */
  readonly to: RedisVersion;
  /** When and how it runs, in the platform's terms: it ends the apply's summary. */
  readonly why: string;
  /** How a user looks it up by hand. */
  readonly lookup: string;
}

/** Databases one request upgrades together (a Redis Cloud Active-Active subscription), so their pins must agree. */
export interface UpgradedTogether {
  /** Equal for every database the same request moves, e.g. "redis-cloud subscription 1234". */
  readonly group: string;
  /** What the request moves, as a reviewer reads it ("db 1 orders", …). */
  readonly databases: readonly string[];
}

/**
 * The control plane's own record of when the database last changed (an
 * upgrade, or any later change of its configuration): how long it has run
 * its version is measured from it, which errs on the short side.
 */
export interface LastChange {
  /** Epoch milliseconds, rounded up to the end of the recorded second. */
  readonly at: number;
  /** The field and value it was read from, e.g. "last_changed_time 2026-12-01T10:00:00Z". */
  readonly source: string;
}

export interface Participant {
  readonly name: string;
  readonly version: string;
}

/** What a platform reads before deciding: never more than reads. */
export interface Observation<Op extends Operation = Operation> {
  /** The lowest version any part of the database runs. */
  readonly current: RedisVersion;
  readonly status: string;
  /** An upgrade already under way: we follow it instead of starting another. */
  readonly running?: Op;
  /** The versions the control plane would accept; undefined when it cannot tell. */
  readonly supportedTargets?: readonly RedisVersion[];
  /**
   * What would bring targets beyond supportedTargets within reach, in the
   * platform's terms ("upgrade the cluster's Redis Software first: …"),
   * ending a refusal of a target it does not list. None when nothing would.
   */
  readonly newerTargetsHint?: string;
  /** Set when this kind of upgrader must not touch this database, with what to use instead. */
  readonly wrongKind?: string;
  /** Active-Active participants, each with its own version. */
  readonly participants?: readonly Participant[];
  /** Set when the control plane says the database is Active-Active, whatever the pin declared. */
  readonly activeActive?: boolean;
  /** An accepted upgrade request that waits for its window: decide sends nothing more while it is pending. */
  readonly scheduled?: ScheduledUpgrade;
  /** Set when one request upgrades this database together with others. */
  readonly upgradedTogether?: UpgradedTogether;
  /** Whether the database has somewhere to write a backup; undefined when the platform does not say. */
  readonly backupDestination?: boolean;
  /** Its Replica Of links, where the platform reports them: plan warns when a source would go first. */
  readonly replication?: Replication;
  /** The modules the database runs; undefined when the platform does not say. */
  readonly modules?: readonly string[];
  /** Facts worth showing to a reviewer (protocol versions, compliance, and such). */
  readonly notes?: readonly string[];
  /** When the control plane last recorded a change of the database; undefined when it does not say. */
  readonly lastChange?: LastChange;
}

export interface Progress {
  readonly state: string;
  readonly percent?: number;
  readonly detail?: string;
  /** Set by the follow loop: how long until the next look, so a quiet spell reads as planned. */
  readonly nextCheckInMs?: number;
}

/**
 * One read of an operation, as a platform answers it: still under way (with
 * its progress), in a status no source lists (followed like a running one,
 * and named), or ended. `operation` carries what the next read needs that
 * this one learnt (a later phase, a task seen once), so nothing is kept in
 * the upgrader between reads. The engine's follow loop (src/engine/follow.ts)
 * schedules the reads, prints the progress and enforces the deadline.
 */
export type Step<Op, End> =
  | { readonly kind: "running"; readonly progress?: Progress; readonly operation?: Op }
  | { readonly kind: "unknown"; readonly status: string; readonly progress?: Progress; readonly operation?: Op }
  | { readonly kind: "ended"; readonly result: End };

/** How an upgrade operation ends. */
export type UpgradeEnd =
  | { readonly kind: "completed" }
  | { readonly kind: "failed"; readonly reason: string }
  /** The control plane forgot the operation (finished and expired): verify through the database. */
  | { readonly kind: "gone" }
  /** Accepted, and held for later by the control plane: apply succeeds saying so. */
  | { readonly kind: "scheduled"; readonly scheduled: ScheduledUpgrade };

/** How a backup ends. */
export type BackupEnd =
  /** `lookup` says how to find the backup by hand, e.g. the task that made it. */
  | { readonly kind: "backed-up"; readonly lookup: string }
  | { readonly kind: "failed"; readonly reason: string }
  /** The database has nowhere to write a backup: `fix` says how to give it one. */
  | { readonly kind: "no-destination"; readonly fix: string };

/**
 * A backup to the database's configured destination, where a platform offers
 * one: `start` requests it (or ends at once: no destination), `step` reads
 * it once, as an upgrade's step does.
 */
export interface Backup<B> {
  start(): Promise<{ readonly kind: "started"; readonly operation: B } | { readonly kind: "ended"; readonly result: BackupEnd }>;
  step(backup: B): Promise<Step<B, BackupEnd>>;
}

export type Verification = { readonly kind: "verified"; readonly observed: Observation } | { readonly kind: "not-yet"; readonly why: string };

/**
 * The port every platform implements, in the spirit of the AWS CDK Provider
 * framework's onEvent/isComplete: observe and submit are the event, step is
 * isComplete (one read; the engine's loop does the waiting), verify is the
 * final read that proves the result. An upgrader keeps nothing between
 * calls: the pin and what an earlier call learnt are passed in, so a resume
 * can call them in any order.
 */
export interface Upgrader<Op extends Operation = Operation> {
  /** "Redis Software database 12 at https://…": used in every line we print. */
  readonly target: string;
  /** The database's identity (src/spec/identity.ts): handlers with the same key on one machine take turns. */
  readonly lockKey: string;
  observe(pin: RedisVersion): Promise<Observation<Op>>;
  submit(pin: RedisVersion, observed: Observation<Op>): Promise<Op>;
  /** Reads the operation once. */
  step(operation: Op, pin: RedisVersion): Promise<Step<Op, UpgradeEnd>>;
  verify(pin: RedisVersion): Promise<Verification>;
  /** Backs the database up to its configured destination; only platforms that can offer it. */
  readonly backup?: Backup<unknown>;
}
