import { SimRequest, SimResponse } from "../types";
import { CloudAccount } from "./account";
import { errorResponse } from "./errors";

/** A Pro subscription's maintenance windows as the OpenAPI's SubscriptionMaintenanceWindows describes them. */
export interface SimMaintenanceWindows {
  readonly mode: "manual" | "automatic";
  readonly timeZone?: string;
  readonly windows?: ReadonlyArray<{ readonly days: readonly string[]; readonly startHour: number; readonly durationInHours: number }>;
}

/** What a subscription nobody configured answers. */
const AUTOMATIC: SimMaintenanceWindows = { mode: "automatic" };

/** GET /v1/subscriptions/{id}/maintenance-windows: Pro subscriptions only; Essentials ones have no such resource. */
export function getMaintenanceWindows(account: CloudAccount, _request: SimRequest, [id]: readonly string[]): SimResponse {
  const subscription = account.findSubscription(Number(id), "pro");
  if (!subscription) return errorResponse(404, `Subscription ${id} was not found`);
  return { status: 200, body: subscription.maintenanceWindows ?? AUTOMATIC };
}
