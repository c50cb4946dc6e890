// The pure parts of the preview's relabel and duplicate (page/labelPicker.ts, page/shapeMenu.ts):
// which labels a typed text matches, and where a copy of a shape lands. No DOM, unit-tested.

/** The labels that match `query` (case-insensitive): those starting with it first, then those containing it, each in the given order. */
export function filterLabels(labels: readonly string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...labels];
  const starts = labels.filter((l) => l.toLowerCase().startsWith(q));
  const contains = labels.filter((l) => !l.toLowerCase().startsWith(q) && l.toLowerCase().includes(q));
  return [...starts, ...contains];
}

/**
 * How far a copy lands from its original (image pixels): a little down and right (10 pixels, or a
 * fiftieth of a large image's shorter side), up or left where the copy would leave the image.
 */
export function duplicateOffset(bounds: { x: number; y: number; w: number; h: number }, imageW: number, imageH: number): [number, number] {
  const step = Math.max(10, Math.round(Math.min(imageW, imageH) / 50));
  const dx = bounds.x + bounds.w + step <= imageW || bounds.x - step < 0 ? step : -step;
  const dy = bounds.y + bounds.h + step <= imageH || bounds.y - step < 0 ? step : -step;
  return [dx, dy];
}
