// Which labels' shapes an edit changed, for the preview's shape layers (page/shapeLayers.ts): an
// edit from the preview reads the whole list back from the text, and the layers keep the traced
// paths of the labels it did not touch. No DOM here (unit-tested under Node).
import type { Shape } from '../../annotations/geometry';

/**
 * The labels whose shapes differ between two lists of the same shapes (same length, same label at
 * each index, same kind), or undefined when the lists are not that: then everything is drawn anew.
 */
export function changedLabels(before: readonly Shape[], after: readonly Shape[]): Set<string> | undefined {
  if (before === after) return new Set();
  if (before.length !== after.length) return undefined;
  const changed = new Set<string>();
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (a.label !== b.label || a.kind !== b.kind) return undefined;
    if (a.points.length !== b.points.length) {
      changed.add(b.label);
      continue;
    }
    for (let k = 0; k < a.points.length; k++) {
      if (a.points[k] !== b.points[k]) {
        changed.add(b.label);
        break;
      }
    }
  }
  return changed;
}
