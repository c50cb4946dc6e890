// The check between a push's confirmation and its send: read the targets again and compare the
// plan with the one the user confirmed. Pure (no `vscode`), so the unit tier and the fault suite
// run the very check the command uses.
import type { ValohaiApi } from '../remote/api';
import { describePlan, planChanges, type PushItem } from '../remote/push';

/** The same changes to the same targets, described the same way: what was confirmed is what would be sent. */
export function samePlan(a: readonly PushItem[], b: readonly PushItem[]): boolean {
  const key = (items: readonly PushItem[]): string => JSON.stringify(items.map((i) => [i.target?.kind, i.target?.id, i.changes ?? null])) + describePlan(items);
  return key(a) === key(b);
}

/** The items planned again against the server as it is now; `changed` when that is not what was confirmed. */
export async function replan(api: ValohaiApi, confirmed: readonly PushItem[], signal?: AbortSignal): Promise<{ items: PushItem[]; changed: boolean }> {
  // `current` is what the confirmed plan read: forget it, so the targets are read again.
  const items = (structuredClone(confirmed) as PushItem[]).map((item) => ({ ...item, current: undefined }));
  await planChanges(api, items, signal);
  return { items, changed: !samePlan(confirmed, items) };
}
