// The legend: one row per label with its colour, count and a visibility toggle; "Only" shows just
// that label, "All"/"None" switch every label. The latest, most specific click wins: after "None",
// ticking one label shows that label.
import { labelColor } from '../model/colors';
import { button, el } from './dom';
import { t } from './strings';

export interface LegendCallbacks {
  toggle(label: string, visible: boolean): void;
  only(label: string): void;
  all(visible: boolean): void;
  color(label: string, color: string): void;
}

export function renderLegend(container: HTMLElement, counts: Map<string, number>, hidden: ReadonlySet<string>, colors: Record<string, string>, cb: LegendCallbacks): void {
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const list = el('ul', { className: 'legend-list', attrs: { 'aria-label': t('labels') } });
  for (const [label, count] of rows) {
    const name = label === '' ? t('noLabel') : label;
    const box = el('input', { attrs: { type: 'checkbox', 'aria-label': t('showLabel', name) } });
    box.checked = !hidden.has(label);
    box.addEventListener('change', () => cb.toggle(label, box.checked));
    const swatch = el('input', { className: 'swatch', title: t('colourOf', name), attrs: { type: 'color', 'aria-label': t('colourOf', name) } });
    swatch.value = labelColor(label, colors);
    swatch.addEventListener('change', () => cb.color(label, swatch.value));
    const text = el('span', { className: 'legend-label', text: name, title: name });
    const only = button(t('only'), t('showOnly', name), () => cb.only(label));
    only.className = 'link';
    const row = el('li', { attrs: { 'data-label': label } }, el('label', {}, box, swatch, text, el('span', { className: 'count', text: String(count) })), only);
    list.append(row);
  }
  const head = el('div', { className: 'legend-head' }, el('h2', { text: t('labels') }), button(t('all'), t('showEvery'), () => cb.all(true)), button(t('none'), t('hideEvery'), () => cb.all(false)));
  container.replaceChildren(head, list);
}
