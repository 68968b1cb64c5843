// Form plumbing: labelled fields with an error slot each, and mapping problem+json field errors
// onto them. Errors that name no known field go to the form's banner (or a toast).
import { h, uid } from './dom.js';
import { icon } from './icons.js';
import { toastError } from './toast.js';

/** A labelled input (or textarea) with hint and error slot. Returns {wrap, input, error}. */
export function field({ name, label, type = 'text', value = '', hint, autocomplete, required, multiline, placeholder, maxlength, minlength, reveal }) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const attrs = {
    id, name, class: 'input', autocomplete, required, placeholder, maxlength, minlength, value,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    dataset: { field: name },
  };
  const input = multiline ? h('textarea', attrs) : h('input', { ...attrs, type });
  const error = h('div', { id: errorId, class: 'field-error', dataset: { errorFor: name } });
  let control = input;
  if (reveal && type === 'password') {
    const toggle = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Show password', 'aria-pressed': 'false' }, icon('eye'));
    toggle.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      toggle.setAttribute('aria-pressed', String(show));
      toggle.setAttribute('aria-label', show ? 'Hide password' : 'Show password');
      toggle.replaceChildren(icon(show ? 'eyeOff' : 'eye'));
    });
    control = h('div', { class: 'password-wrap' }, input, toggle);
  }
  const wrap = h('div', { class: 'field' },
    h('label', { for: id, text: label }), control,
    hint ? h('div', { id: hintId, class: 'hint', text: hint }) : null, error);
  return { wrap, input, error };
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const banner = form.querySelector('.banner');
  if (banner) banner.textContent = '';
}

/** Shows a problem: field errors next to their fields, the rest in the banner or a toast. */
export function showProblem(form, problem) {
  let focused = false;
  const leftovers = [];
  for (const err of problem.errors || []) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(err.field)}"]`);
    const input = form.querySelector(`[data-field="${CSS.escape(err.field)}"]`);
    if (!slot) { leftovers.push(err.message); continue; }
    slot.replaceChildren(icon('alert', { cls: 'icon-sm' }), h('span', { text: err.message }));
    input?.setAttribute('aria-invalid', 'true');
    if (input && !focused) { input.focus(); focused = true; }
  }
  if (!problem.errors?.length || leftovers.length) {
    const text = leftovers.length && problem.errors?.length ? leftovers.join(' ') : problem.message;
    const banner = form.querySelector('.banner');
    if (banner) banner.replaceChildren(icon('alert', { cls: 'icon-sm' }), h('span', { text }));
    else toastError(text);
  }
}

/** Runs an async submit with a busy button; returns the result or undefined on a shown problem. */
export async function submitting(form, button, fn) {
  clearErrors(form);
  const label = button.textContent;
  button.disabled = true;
  button.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { text: label }));
  try {
    return await fn();
  } catch (e) {
    if (e?.status === undefined) throw e;
    showProblem(form, e);
    return undefined;
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

export function banner() {
  return h('div', { class: 'banner', role: 'alert' });
}
