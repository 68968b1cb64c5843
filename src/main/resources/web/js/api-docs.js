// A readable page for GET /api/openapi.json: operations grouped by tag, with parameters and
// request/response schemas. Everything from the document is set as text.
import { h } from './dom.js';
import { icon } from './icons.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let doc = null;

/** Text with `code` spans, built as text nodes and <code> elements (never parsed as HTML). */
function rich(text) {
  return String(text).split('`').map((part, i) => (i % 2 ? h('code', { text: part }) : part));
}

function ref(schema) {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split('/').pop();
  return { ...doc.components?.schemas?.[name], $name: name };
}

function typeOf(s) {
  s = ref(s) || {};
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (t === 'array') return `array of ${s.items ? (ref(s.items).$name || typeOf(s.items)) : 'any'}`;
  if (s.$name && (t === 'object' || s.properties)) return s.$name;
  return [t || (s.properties ? 'object' : 'any'), s.format ? `(${s.format})` : ''].join(' ').trim();
}

function constraints(s) {
  const out = [];
  if (s.minLength != null) out.push(`min length ${s.minLength}`);
  if (s.maxLength != null) out.push(`max length ${s.maxLength}`);
  if (s.minimum != null) out.push(`≥ ${s.minimum}`);
  if (s.maximum != null) out.push(`≤ ${s.maximum}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  return out.join(', ');
}

/** A schema as a list of properties; nested objects open on demand. */
function schemaView(schema, depth = 0, seen = new Set()) {
  const s = ref(schema) || {};
  if (s.$name && seen.has(s.$name)) return h('p', { class: 'muted', text: `${s.$name} (see above)` });
  const nextSeen = new Set(seen);
  if (s.$name) nextSeen.add(s.$name);
  if (s.type === 'array' || s.items) {
    return h('div', { class: 'schema' }, h('p', { class: 'schema-type', text: typeOf(s) }), s.items && (ref(s.items).properties) ? schemaView(s.items, depth + 1, nextSeen) : null);
  }
  if (!s.properties) {
    return h('p', { class: 'schema-type' }, h('code', { text: typeOf(s) }), s.description ? ` — ${s.description}` : '');
  }
  const required = new Set(s.required || []);
  return h('div', { class: 'schema' },
    s.$name && depth === 0 ? h('p', { class: 'schema-name', text: s.$name }) : null,
    h('ul', { class: 'props' }, Object.entries(s.properties).map(([name, prop]) => {
      const p = ref(prop) || {};
      const nested = (p.properties || (p.items && ref(p.items).properties)) && depth < 4;
      const line = h('div', { class: 'prop-line' },
        h('code', { class: 'prop-name', text: name }),
        h('span', { class: 'prop-type', text: typeOf(prop) }),
        required.has(name) ? h('span', { class: 'req', text: 'required' }) : null,
        constraints(p) ? h('span', { class: 'faint', text: constraints(p) }) : null);
      const desc = p.description || prop.description;
      const body = [line, desc ? h('p', { class: 'prop-desc' }, rich(desc)) : null];
      if (nested) body.push(h('details', null, h('summary', { text: 'Fields' }), schemaView(prop, depth + 1, nextSeen)));
      return h('li', null, body);
    })));
}

function contentSchema(content) {
  if (!content) return null;
  const [type, media] = Object.entries(content)[0] || [];
  return { type, schema: media?.schema };
}

function operation(path, method, op) {
  const id = `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  const params = [...(doc.paths[path].parameters || []), ...(op.parameters || [])].map(ref).filter((p) => p?.name);
  const body = contentSchema(ref(op.requestBody)?.content);
  const secured = op.security ? op.security.length > 0 : (doc.security || []).length > 0;
  const section = h('article', { class: 'op card', id, dataset: { search: `${method} ${path} ${op.summary || ''}`.toLowerCase() } },
    h('header', { class: 'op-head' },
      h('span', { class: `method m-${method}`, text: method.toUpperCase() }),
      h('code', { class: 'op-path', text: path }),
      secured ? h('span', { class: 'lock', title: 'Needs a Bearer token' }, icon('lock', { cls: 'icon-sm', label: 'Needs a Bearer token' })) : null),
    op.summary ? h('h3', { class: 'op-summary', text: op.summary }) : null,
    op.description ? h('p', { class: 'op-desc' }, rich(op.description)) : null);
  if (params.length) {
    section.append(h('h4', { text: 'Parameters' }), h('div', { class: 'table-wrap' }, h('table', { class: 'params' },
      h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { text: 'In' }), h('th', { text: 'Type' }), h('th', { text: 'Description' }))),
      h('tbody', null, params.map((p) => h('tr', null,
        h('td', null, h('code', { text: p.name }), p.required ? h('span', { class: 'req', text: 'required' }) : null),
        h('td', { text: p.in }), h('td', { text: p.schema ? typeOf(p.schema) : '' }), h('td', { text: [p.description, p.schema ? constraints(ref(p.schema)) : ''].filter(Boolean).join(' · ') })))))));
  }
  if (body) section.append(h('h4', null, 'Request body ', h('span', { class: 'faint', text: body.type })), body.schema ? schemaView(body.schema) : h('p', { class: 'muted', text: 'Raw bytes.' }));
  const responses = Object.entries(op.responses || {});
  if (responses.length) {
    section.append(h('h4', { text: 'Responses' }), h('ul', { class: 'responses' }, responses.map(([code, r0]) => {
      const r = ref(r0) || {};
      const resolved = r0.$ref ? doc.components?.responses?.[r0.$ref.split('/').pop()] || r : r;
      const c = contentSchema(resolved.content);
      return h('li', null,
        h('div', { class: 'resp-line' }, h('span', { class: `status s${code[0]}`, text: code }), h('span', { text: resolved.description || '' }),
          c?.type ? h('span', { class: 'faint', text: c.type }) : null),
        c?.schema && code[0] === '2' ? h('details', null, h('summary', { text: 'Schema' }), schemaView(c.schema)) : null);
    })));
  }
  return section;
}

function render(root) {
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] || 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(operation(path, method, op));
    }
  }
  const filter = h('input', { type: 'search', class: 'input', placeholder: 'Filter endpoints', 'aria-label': 'Filter endpoints' });
  const nav = h('nav', { class: 'docs-nav', 'aria-label': 'Tags' },
    [...groups.keys()].map((tag) => h('a', { href: `#tag-${tag}`, text: tag }, h('span', { class: 'count', text: String(groups.get(tag).length) }))));
  const sections = [...groups].map(([tag, ops]) => h('section', { class: 'tag', id: `tag-${tag}`, 'aria-labelledby': `h-${tag}` },
    h('h2', { id: `h-${tag}`, text: tag }), ops));
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    root.querySelectorAll('.op').forEach((op) => { op.hidden = Boolean(q) && !op.dataset.search.includes(q); });
    root.querySelectorAll('.tag').forEach((t) => { t.hidden = !t.querySelector('.op:not([hidden])'); });
  });
  root.replaceChildren(
    h('header', { class: 'docs-head' },
      h('a', { class: 'brand', href: '/' }, h('span', { class: 'brand-mark small' }, icon('logo')), 'Juntos'),
      h('div', { class: 'docs-title' }, h('h1', { text: doc.info?.title || 'API' }), h('span', { class: 'pill', text: `v${doc.info?.version || ''}` })),
      h('a', { class: 'btn btn-secondary btn-sm', href: '/api/openapi.json' }, icon('download', { cls: 'icon-sm' }), 'openapi.json')),
    h('div', { class: 'docs-body' },
      h('aside', { class: 'docs-side' }, filter, nav),
      h('main', { class: 'docs-main' },
        doc.info?.description ? h('p', { class: 'docs-intro' }, rich(doc.info.description)) : null,
        sections)));
  root.removeAttribute('aria-busy');
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

async function main() {
  const root = document.getElementById('docs');
  try {
    const res = await fetch('/api/openapi.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`The API description could not be loaded (${res.status}).`);
    doc = await res.json();
    render(root);
  } catch (e) {
    root.replaceChildren(h('div', { class: 'empty' }, icon('alert'), h('strong', { text: 'Cannot show the API reference' }), h('span', { text: e.message })));
  }
}

main();
