// `target.push(...items)` passes every item as an argument: past ~120,000 items it overflows the
// stack. Anything sized by file content goes through this loop instead.

export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}
