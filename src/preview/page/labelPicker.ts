// A small label picker over the picture: a text field that filters the labels in use as one types
// (an ARIA combobox with its listbox), Up/Down to move, Enter to take the label shown active (or
// the text typed, as a new label), Escape or a click elsewhere to close without a change. Drawn
// with the editor's suggest-widget colours, so it follows the light, dark and high-contrast themes.
// Generic: relabelling (shapeMenu.ts) opens it; so can anything else that needs a label.
import { filterLabels } from '../model/shapeMenu';
import { el } from './dom';
import { t } from './strings';

export interface LabelPickerOptions {
  /** where it opens (its positioned parent, e.g. the stage) */
  parent: HTMLElement;
  /** the labels to offer, in the order to show them */
  labels: readonly string[];
  /** the label the shape has now: shown active at first */
  current?: string;
  /** its top-left corner in the parent's pixels (kept inside the parent); undefined: centred */
  at?: { x: number; y: number };
  /** what the field is for (its accessible name) */
  title: string;
  /** colour of a label's swatch */
  color?(label: string): string | undefined;
  pick(label: string): void;
  /** closed without a pick (Escape, a click elsewhere) */
  cancel(): void;
}

export interface LabelPicker {
  close(): void;
  readonly element: HTMLElement;
}

let instances = 0;

export function openLabelPicker(o: LabelPickerOptions): LabelPicker {
  const id = `label-picker-${++instances}`;
  const input = el('input', {
    className: 'label-picker-input',
    attrs: { type: 'text', role: 'combobox', 'aria-expanded': 'true', 'aria-controls': `${id}-list`, 'aria-autocomplete': 'list', 'aria-label': o.title, placeholder: t('labelPickerPlaceholder'), spellcheck: 'false', autocomplete: 'off' },
  });
  const list = el('ul', { className: 'label-picker-list', attrs: { role: 'listbox', id: `${id}-list`, 'aria-label': t('labelPickerList') } });
  const hint = el('div', { className: 'label-picker-hint', text: t('labelPickerHint') });
  const box = el('div', { className: 'label-picker', attrs: { role: 'dialog', 'aria-label': o.title } }, input, list, hint);
  /** the options shown: labels, and maybe the typed text as a new one */
  let options: { label: string; isNew: boolean }[] = [];
  let active = -1;
  let closed = false;

  const render = (): void => {
    const typed = input.value.trim();
    const matches = filterLabels(o.labels, input.value);
    options = matches.map((label) => ({ label, isNew: false }));
    if (typed !== '' && !o.labels.includes(typed)) options.push({ label: typed, isNew: true });
    if (typed === '') active = Math.max(0, o.current !== undefined ? options.findIndex((x) => x.label === o.current) : 0);
    else active = options.length > 0 ? 0 : -1;
    list.replaceChildren(...options.map((x, i) => {
      const item = el('li', { className: x.isNew ? 'label-picker-new' : '', attrs: { role: 'option', id: `${id}-${i}`, 'aria-selected': 'false', 'data-label': x.label } });
      if (!x.isNew) {
        const swatch = el('span', { className: 'label-picker-swatch', attrs: { 'aria-hidden': 'true' } });
        const color = o.color?.(x.label);
        if (color) swatch.style.background = color;
        item.append(swatch);
      }
      item.append(document.createTextNode(x.isNew ? t('labelPickerNew', x.label) : x.label === '' ? t('noLabel') : x.label));
      if (!x.isNew && x.label === o.current) item.append(el('span', { className: 'label-picker-current', text: t('labelPickerCurrent') }));
      // A press on an option must not take the focus from the field (which would close the picker first).
      item.addEventListener('mousedown', (e) => e.preventDefault());
      item.addEventListener('click', () => choose(i));
      return item;
    }));
    if (options.length === 0) list.append(el('li', { className: 'label-picker-empty', text: t('labelPickerEmpty'), attrs: { role: 'presentation' } }));
    mark();
  };

  const mark = (): void => {
    list.querySelectorAll<HTMLElement>('[role=option]').forEach((item, i) => {
      item.setAttribute('aria-selected', String(i === active));
      item.classList.toggle('active', i === active);
    });
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
    box.dataset.active = active >= 0 ? options[active].label : '';
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    box.remove();
  };

  const choose = (i: number): void => {
    const typed = input.value.trim();
    const label = i >= 0 ? options[i]?.label : typed !== '' ? typed : undefined;
    if (label === undefined) return;
    close();
    o.pick(label);
  };

  input.addEventListener('input', render);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (options.length > 0) active = (active + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length;
      mark();
    } else if (e.key === 'Home' && e.ctrlKey) {
      active = options.length > 0 ? 0 : -1;
      mark();
    } else if (e.key === 'End' && e.ctrlKey) {
      active = options.length - 1;
      mark();
    } else if (e.key === 'Enter') choose(active);
    else if (e.key === 'Escape') {
      close();
      o.cancel();
    } else if (e.key === 'Tab') {
      // Focus stays in the picker: Tab takes the active option's text to edit it further.
      if (active >= 0) {
        input.value = options[active].label;
        render();
      }
    } else {
      // Typing goes to the field only: the picture's keys (zoom, delete, …) stay off meanwhile.
      e.stopPropagation();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  });
  // Keys typed here never reach the picture or the window's handlers.
  box.addEventListener('keydown', (e) => e.stopPropagation());
  box.addEventListener('pointerdown', (e) => e.stopPropagation());
  box.addEventListener('wheel', (e) => e.stopPropagation());
  input.addEventListener('blur', () => {
    if (closed) return;
    close();
    o.cancel();
  });

  o.parent.append(box);
  render();
  const place = (): void => {
    const pw = o.parent.clientWidth;
    const ph = o.parent.clientHeight;
    const w = box.offsetWidth;
    const h = box.offsetHeight;
    const x = o.at ? o.at.x : (pw - w) / 2;
    const y = o.at ? o.at.y : (ph - h) / 3;
    box.style.left = `${Math.round(Math.max(4, Math.min(x, pw - w - 4)))}px`;
    box.style.top = `${Math.round(Math.max(4, Math.min(y, ph - h - 4)))}px`;
  };
  place();
  input.focus({ preventScroll: true });
  return { close, element: box };
}
