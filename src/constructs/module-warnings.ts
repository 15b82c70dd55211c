import { Annotations } from "cdktf";
import { Construct } from "constructs";

/**
 * Module uids in an upgrade request are deprecated since Redis Software 7.8.2,
 * where an upgrade always moves modules to the versions bundled with the
 * target. They are still sent, but the user should know they may be ignored.
 */
export function warnDeprecatedModuleFields(scope: Construct, upgrade: unknown): void {
  const modules: unknown = typeof upgrade === "object" && upgrade !== null ? (upgrade as { modules?: unknown }).modules : undefined;
  if (!Array.isArray(modules)) return;
  modules.forEach((module: Partial<Record<"currentModule" | "newModule", unknown>> | undefined, index) => {
    const fields = (["currentModule", "newModule"] as const).filter((field) => module?.[field] !== undefined);
    if (fields.length === 0) return;
    Annotations.of(scope).addWarning(
      `upgrade.modules[${index}].${fields.join(" and .")}: deprecated since Redis Software 7.8.2, where an upgrade ` +
        "always moves modules to the versions bundled with the target; the field is sent but may be ignored",
    );
  });
}
