// A tiny element builder: attributes and properties by name, children as nodes or text; never parses HTML.

type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** Properties set as DOM properties rather than attributes (so `value` and `checked` reflect the live state). */
const PROPERTIES = new Set(["value", "checked", "selected", "disabled", "textContent", "hidden"]);

/**
 * Builds an element. `on*` keys add listeners, `false`/`null`/`undefined` skip an attribute, `true` sets it empty.
 * Strings become text nodes, so server text can never turn into markup.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const properties: [string, unknown][] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (PROPERTIES.has(name)) {
      properties.push([name, value]);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, ...children);
  // After the children, so a <select>'s value can pick one of its options.
  for (const [name, value] of properties)
    (node as unknown as Record<string, unknown>)[name] = value;
  return node;
}

/** Appends children; text is added as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

let nextId = 0;
/** A page-unique id for label/field pairs. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** An `<option>` whose label and value are set as text. */
export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return el("option", { value, selected }, label);
}

/** Formats a count for people: 12300 → "12,300". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
