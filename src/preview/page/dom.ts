// Tiny DOM helpers. Everything from the file goes in through textContent or attributes set as
// strings, never innerHTML, so a label like `<img src=x onerror=alert(1)>` stays those characters.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

export function button(text: string, title: string, onClick: (e: MouseEvent) => void): HTMLButtonElement {
  const b = el('button', { text, title, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

/** JSON for the tooltip: indented, cut short so one huge metadata object cannot fill the screen. */
export function preview(value: unknown, max = 600): string {
  let s: string;
  try {
    s = JSON.stringify(value, null, 1) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
