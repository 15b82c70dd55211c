import * as z from "zod";
import { SimRequest, SimResponse } from "../types";
import { ActiveActiveUpgrades } from "./account";

/** What a simulator in another process (redis-version simulate) can be steered to do over /__sim/cloud. */
export interface CloudControls {
  setActiveActiveUpgrades(mode: ActiveActiveUpgrades): void;
  openMaintenanceWindow(subscriptionId: number): void;
}

export const CLOUD_CONTROLS_HELP =
  'POST /__sim/cloud/active-active-upgrades {"mode":"scheduled"} (or "immediate") and\n' +
  "POST /__sim/cloud/subscriptions/SUB/maintenance-window (its held Active-Active upgrades start).";

const modeSchema = z.strictObject({ mode: z.enum(["immediate", "scheduled"]) });
const WINDOW = /^\/__sim\/cloud\/subscriptions\/(\d+)\/maintenance-window$/;

/** Answers the Cloud simulator's own control requests; undefined for any other. */
export function cloudControl(request: SimRequest, controls: CloudControls): SimResponse | undefined {
  if (request.method !== "POST") return undefined;
  if (request.path === "/__sim/cloud/active-active-upgrades") {
    const parsed = modeSchema.safeParse(request.body);
    if (!parsed.success) return { status: 400, body: { description: 'expected {"mode":"immediate"} or {"mode":"scheduled"}' } };
    controls.setActiveActiveUpgrades(parsed.data.mode);
    return { status: 200, body: { activeActiveUpgrades: parsed.data.mode } };
  }
  const window = WINDOW.exec(request.path);
  if (!window) return undefined;
  try {
    controls.openMaintenanceWindow(Number(window[1]));
  } catch (error) {
    return { status: 404, body: { description: (error as Error).message } };
  }
  return { status: 200, body: { opened: Number(window[1]) } };
}
