// A stable colour per label: the same label gets the same colour in every image and session,
// because it comes from a hash of the text, not from the order labels appear in.

/** Distinct hues that read on light and dark backgrounds (Tableau 20, bright half first). */
export const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#9edae5', '#dbdb8d', '#c7c7c7',
] as const;

/** FNV-1a, 32 bit: fast, and spreads similar labels ("car", "cars") apart. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = /^#[0-9a-f]{6}$/i;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value);
}

/** The user's colour for the label when they chose one, else the label's palette colour. */
export function labelColor(label: string, overrides: Readonly<Record<string, string>> = {}): string {
  // Labels are file content: `constructor` or `__proto__` must not find Object.prototype's.
  const own = Object.hasOwn(overrides, label) ? overrides[label] : undefined;
  if (isColor(own)) return own;
  return PALETTE[hashLabel(label) % PALETTE.length];
}

/**
 * Gives labels not yet in `assigned` a colour: the label's hash colour, or when another label holds
 * it already, the next palette colour nobody holds. The host remembers the result, so a label keeps
 * its colour in every image and session, and the labels of one file rarely share a colour.
 * Returns undefined when every label already has one.
 */
export function assignColors(labels: Iterable<string>, assigned: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  const taken = new Set(Object.values(assigned));
  for (const label of labels) {
    const held = out ?? assigned;
    if (Object.hasOwn(held, label) && isColor(held[label])) continue;
    const start = hashLabel(label) % PALETTE.length;
    let color: string = PALETTE[start];
    for (let step = 0; step < PALETTE.length; step++) {
      const candidate = PALETTE[(start + step) % PALETTE.length];
      if (!taken.has(candidate)) {
        color = candidate;
        break;
      }
    }
    out ??= { ...assigned };
    // defineProperty: assigning to `__proto__` would set the prototype instead of a colour.
    Object.defineProperty(out, label, { value: color, writable: true, enumerable: true, configurable: true });
    taken.add(color);
  }
  return out;
}
