import { IConstruct } from "constructs";

/** The Terraform resource that carries a pin. */
export enum PinResource {
  /** Built into Terraform ≥ 1.4 and OpenTofu: no provider to download. */
  TERRAFORM_DATA = "terraform_data",
  /** hashicorp/null's `null_resource`: needs the optional package `@cdktf/provider-null` in the app. */
  NULL_RESOURCE = "null_resource",
}

/** A day of the week, on the wall clock of a maintenance window's time zone. */
export enum Weekday {
  MON = "mon",
  TUE = "tue",
  WED = "wed",
  THU = "thu",
  FRI = "fri",
  SAT = "sat",
  SUN = "sun",
}

/**
 * When an upgrade may start, on the wall clock of `timeZone`: from `start` to
 * `end` on each of `days`. An `end` at or before `start` closes the next day,
 * so 22:00–04:00 crosses midnight; daylight-saving changes are followed.
 */
export interface MaintenanceWindowProps {
  /**
   * The days the window opens on.
   * @default - every day
   */
  readonly days?: Weekday[];
  /** When the window opens: "HH:MM" on a 24-hour clock, such as "22:00". */
  readonly start: string;
  /** When the window closes: "HH:MM" on a 24-hour clock; at or before `start` means the next day. */
  readonly end: string;
  /**
   * An IANA time zone, such as "Europe/Paris".
   * @default "UTC"
   */
  readonly timeZone?: string;
}

/**
 * A Redis version pin (`RedisSoftwareDatabaseVersion`,
 * `RedisSoftwareActiveActiveVersion`, `RedisCloudDatabaseVersion`), as
 * `upgradeAfter` lists it. Pins of another copy of this library count too.
 */
export interface IRedisVersionPin extends IConstruct {
  /** The version the pin holds its database at, as written in its props. */
  readonly redisVersion: string;
}

/** The props every pin shares. */
export interface RedisVersionPinProps {
  /**
   * The version to hold the database at: "major.minor" or "major.minor.patch",
   * such as "7.4". "7", "v7.4" and "latest" fail synth.
   */
  readonly redisVersion: string;
  /** Must be true for `upgrade.mayDiscardData` or `upgrade.forceDiscard` to be accepted. @default false */
  readonly acknowledgeDataLoss?: boolean;
  /**
   * Consent to move to a higher major version (7.x to 8.x). Without it such
   * an upgrade is refused before anything is sent. Read the breaking changes first.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * When an upgrade may start. Outside every window, apply fails before
   * sending anything, naming the next opening; an upgrade already running is
   * always followed to its end.
   * @default - any time
   */
  readonly maintenanceWindows?: MaintenanceWindowProps[];
  /**
   * Back the database up to its configured remote backup location, and wait
   * for the backup to finish, before the upgrade is requested; a failed backup
   * fails the apply with nothing more sent. Redis Cloud only: Redis Software's
   * REST API has no such request, so `true` fails synth on its pins.
   * @default false
   */
  readonly backupBeforeUpgrade?: boolean;
  /** How long apply follows the upgrade before failing, in minutes (at most 1440). @default 60 */
  readonly timeoutMinutes?: number;
  /** The Terraform resource that carries the pin. @default PinResource.TERRAFORM_DATA */
  readonly resource?: PinResource;
  /**
   * Pins whose databases must reach their own pin first, from any stack of
   * the app. Before deciding, the handler reads each of their databases live
   * and defers, sending nothing, until each has: so the order holds when
   * staging and production are separate stacks applied by separate
   * pipelines. A pin of the same stack is also a Terraform dependency, so
   * one apply runs it first. For Replica Of (Active-Passive): the source
   * pin lists the destination.
   * @default - no order
   */
  readonly upgradeAfter?: IRedisVersionPin[];
  /**
   * Hours each pin of `upgradeAfter` must have run its own pin before this
   * one upgrades (fractions allowed: 0.5 is half an hour). Measured from
   * each database's last change as its control plane records it (Redis
   * Cloud `lastModified`, Redis Software `last_changed_time`), so any later
   * change of its configuration restarts the soak. Needs `upgradeAfter`.
   * @default - no soak: reaching the pin is enough
   */
  readonly soakHours?: number;
}
