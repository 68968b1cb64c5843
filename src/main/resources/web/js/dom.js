// Tiny DOM helpers for the views not yet rendered with lit-html (docs/web-client.md). User text only
// ever reaches the page through textContent (the `text` prop or string children); nothing here
// parses HTML, and the props that would (innerHTML, srcdoc…), inline styles (the CSP forbids them),
// handlers given as strings and script URLs are refused by construction.

const REFUSED = new Set(['innerHTML', 'outerHTML', 'srcdoc', 'style', 'insertAdjacentHTML']);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster']);
const SCRIPT_URL = /^\s*(javascript|vbscript|data:text\/html)/i;

/** Creates an element: h('button', {class: 'btn', onclick: fn, text: 'Save'}, child, 'text'). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) setProps(el, props);
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (REFUSED.has(key)) throw new TypeError(`h(): '${key}' is not allowed (user text must stay text; the CSP forbids inline styles)`);
    if (key.startsWith('on') && typeof value !== 'function') throw new TypeError(`h(): '${key}' must be a function`);
    if (URL_ATTRS.has(key) && SCRIPT_URL.test(String(value))) throw new TypeError(`h(): script URL refused in '${key}'`);
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** Appends children: nodes, strings (as text), arrays, skipping null/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let seq = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  seq += 1;
  return `${prefix}-${seq}`;
}
