/**
 * Flags that let the control plane discard data. They are only ever sent when
 * the user also wrote `acknowledgeDataLoss: true` next to them.
 */
export interface DataLossFlags {
  readonly mayDiscardData?: boolean;
  readonly forceDiscard?: boolean;
}

export function dataLossFlagsSet(flags: DataLossFlags): string[] {
  return (["mayDiscardData", "forceDiscard"] as const).filter((flag) => flags[flag] === true);
}

export function missingAcknowledgement(flags: DataLossFlags, acknowledged: boolean | undefined): string | undefined {
  const set = dataLossFlagsSet(flags);
  if (set.length === 0 || acknowledged === true) return undefined;
  return (
    `upgrade.${set.join(" and upgrade.")} can discard the database's data; ` +
    `set acknowledgeDataLoss: true next to it to confirm, or remove the flag`
  );
}
