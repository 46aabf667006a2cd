/** A tiny hyperscript helper: the viewer builds its DOM without a framework. */

type Child = Node | string | number | null | undefined | false;

export type Attrs = Record<
  string,
  string | number | boolean | undefined | ((event: Event) => void)
>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(key.replace(/^on/, ''), value);
    } else if (key === 'value' && 'value' in element) {
      (element as HTMLInputElement).value = String(value);
    } else if (key === 'checked') {
      (element as HTMLInputElement).checked = value === true;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children
      .filter(
        (c): c is Node | string | number =>
          c !== null && c !== undefined && c !== false,
      )
      .map(c => (c instanceof Node ? c : String(c))),
  );
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
