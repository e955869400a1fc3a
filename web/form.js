// The design form, built from the core's option schema (describeOptions):
// index.html places each option (`data-option` = its path, `data-id` = the
// control's id); the label, the control, its choices, range and default come
// from the schema. Building the request and restoring the form from a share
// link both walk the same placed options. Validation is the core's: a bad
// value comes back as an error naming it.
import { $ } from './dom.js';

let placed = [];  // [{option, element}]

function setPath(object, path, value) {
  let target = object;
  for (const key of path.slice(0, -1)) target = (target[key] ??= {});
  target[path.at(-1)] = value;
}

export function getPath(object, path) {
  let value = object;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[key];
  }
  return value;
}

const isNumber = (o) => o.type === 'integer' || o.type === 'positive' || o.type === 'fraction';
const unsetText = (o) => o.unset?.design ?? '';

function option(value, text) {
  const e = document.createElement('option');
  e.value = value;
  e.textContent = text;
  return e;
}

// One control for one option: a select for choices (and for flags that may stay unset), a
// checkbox for other flags, a number input otherwise.
function control(o, id, required) {
  const fallback = o.default.design;
  let element;
  const choices = o.type === 'integer' && o.max - o.min <= 8
    ? Array.from({ length: o.max - o.min + 1 }, (_, i) => ({ name: String(o.min + i), label: String(o.min + i) }))
    : o.choices;
  if (o.type === 'choice' || o.type === 'gpu' || choices !== o.choices) {
    element = document.createElement('select');
    if ((fallback === null || fallback === undefined) && !required) element.append(option('', unsetText(o) || 'unset'));
    for (const c of choices) element.append(option(c.name, c.label));
    element.value = fallback ?? (required ? o.suggest : '');
  } else if (o.type === 'flag' && unsetText(o)) {
    element = document.createElement('select');
    element.append(option('', unsetText(o)), option('true', 'yes'), option('false', 'no'));
  } else if (o.type === 'flag') {
    element = document.createElement('input');
    element.type = 'checkbox';
    element.checked = fallback === true;
  } else {
    element = document.createElement('input');
    element.type = 'number';
    if (o.min > 0 || o.type !== 'positive') element.min = String(o.type === 'positive' ? 0 : o.min);
    if (o.max) element.max = String(o.max);
    element.step = o.type === 'integer' ? '1' : 'any';
    if (fallback !== null && fallback !== undefined) element.value = String(fallback);
    else if (required) element.value = o.suggest;
    element.placeholder = unsetText(o);
  }
  element.id = id;
  element.dataset.default = element.type === 'checkbox' ? String(element.checked) : element.value;
  element.title = o.help;
  return element;
}

// Fills every [data-option] placeholder of the page with its labelled control.
export function buildForm(options) {
  const byPath = new Map(options.map((o) => [o.path, o]));
  placed = [];
  for (const slot of document.querySelectorAll('[data-option]')) {
    const o = byPath.get(slot.dataset.option);
    if (!o) throw new Error(`the page places an option the core does not have: ${slot.dataset.option}`);
    const element = control(o, slot.dataset.id, 'required' in slot.dataset);
    const label = document.createElement('label');
    label.className = element.type === 'checkbox' ? 'check' : '';
    label.htmlFor = element.id;
    label.textContent = o.label;
    slot.replaceChildren(label, element);
    placed.push({ option: o, element });
  }
}

function readValue(o, element) {
  if (element.type === 'checkbox') return element.checked ? true : undefined;
  const raw = element.value.trim();
  if (raw === '') return undefined;
  if (o.type === 'flag') return raw === 'true';
  if (!isNumber(o)) return raw;
  // A non-numeric field goes to the core as text, which names the field in its error.
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

// The core's design request from the form. `withVocab` adds the typed vocab size (no tokenizer).
export function requestFromForm(withVocab) {
  const request = {};
  const kind = $('target_kind').value;
  for (const { option: o, element } of placed) {
    if (['scale', 'params', 'target_loss'].includes(o.path) && o.path !== kind) continue;
    if (o.path === 'vocab_size' && !withVocab) continue;
    const value = readValue(o, element);
    if (value !== undefined) setPath(request, o.path.split('.'), value);
  }
  return request;
}

// Restores the form from a (core-validated) request, as a share link or a seed carries it.
export function applyRequestToForm(request) {
  $('target_kind').value = request.scale !== undefined ? 'scale' : request.params !== undefined ? 'params'
    : request.target_loss !== undefined ? 'target_loss' : 'budget';
  for (const { option: o, element } of placed) {
    let value = getPath(request, o.path.split('.'));
    if (o.path === 'sliding_window' && value === undefined && getPath(request, ['recipe', 'sliding_window']) === true) value = 4096;
    if (element.type === 'checkbox') element.checked = value === undefined ? element.dataset.default === 'true' : value === true;
    else if (value === undefined) {
      if (o.path !== 'vocab_size') element.value = element.dataset.default;
    } else element.value = String(value);
  }
}
