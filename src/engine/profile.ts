import { CloudPlan, Platform } from "../versions";
import { Bounds } from "./pool";
import { MaintenanceWindow } from "../spec/maintenance-window";

/**
 * What the engine knows of a pin beyond its version, as its kind describes
 * it: enough to label it, pace the reads of its control plane, and warn.
 */
export interface PinProfile {
  /** Which catalogue facts apply. */
  readonly platform: Platform;
  /** How a person finds the database, e.g. "bdb 12 @ https://cluster:9443". */
  readonly database: string;
  /** Pins with the same key share a control plane, and with it the bounds of how hard a plan reads it. */
  readonly controlPlane: string;
  readonly bounds: Bounds;
  /** Known from the spec alone; an observation can still reveal an Active-Active database. */
  readonly activeActive: boolean;
  readonly cloudPlan?: CloudPlan;
  /** The data-discard options the upgrade request would carry. */
  readonly dataLossFlags: readonly string[];
  readonly keepCrdtProtocolVersion?: boolean;
  /** The spec's consent to a higher major version. */
  readonly allowMajorVersionUpgrade?: boolean;
  /** The spec's backupBeforeUpgrade: back up, and wait, before the upgrade request. */
  readonly backupBeforeUpgrade?: boolean;
  /** The spec's maintenance windows. */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
}
