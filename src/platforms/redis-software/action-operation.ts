import type { Operation } from "../../engine/port";

/** The SMUpgradeBDB action an upgrade request starts. */
export interface ActionOperation extends Operation {
  readonly actionUid: string;
}

export function actionOperation(actionUid: string): ActionOperation {
  return { actionUid, lookup: `GET /v1/actions/${actionUid}` };
}
