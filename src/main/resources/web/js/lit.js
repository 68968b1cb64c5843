// The rendering library (docs/web-client.md): lit-html from its WebJar, served at /vendor/lit-html/
// (WebFeature). Views import it from here only, so its path lives in one place. Values in
// templates are bound as text nodes, attributes and properties, never parsed as HTML: user text
// is escaped by construction. (Do not import lit-html's unsafe-html / unsafe-svg directives.)
export { html, svg, render, nothing, noChange } from '/vendor/lit-html/lit-html.js';
export { repeat } from '/vendor/lit-html/directives/repeat.js';
export { live } from '/vendor/lit-html/directives/live.js';
export { ref, createRef } from '/vendor/lit-html/directives/ref.js';
export { classMap } from '/vendor/lit-html/directives/class-map.js';
