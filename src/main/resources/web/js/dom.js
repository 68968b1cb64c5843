// Tiny DOM helpers. User text only ever reaches the page through textContent (the `text` prop
// or string children); nothing here parses HTML. Never set a `style` attribute: the CSP forbids it.

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
