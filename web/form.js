// The design form, built from the core's option schema (describeOptions):
// index.html places each option (`data-option` = its path, `data-id` = the
// control's id); the label, the control, its choices, range, default and
// what it depends on come from the schema. Building the request and
// restoring the form from a share link both walk the same placed options.
// Validation is the core's: a bad value comes back as an error naming its
// path, shown beside that field.
import { $, setIfChanged } from './dom.js';

let placed = [];          // [{option, element, slot, error}]
let baseConfig = null;    // the config.json a design starts from (candidate A), or null
let applicabilityControls = [];  // the controls applicability depends on besides kind and engine (applicabilityInputs)
let appliedFor = null;    // the inputs of the last applicability update: most changes are to a number, and leave the form as it is

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
const TARGETS = ['scale', 'params', 'target_loss'];

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

// Fills every [data-option] placeholder of the page with its labelled control and its error line.
export function buildForm(options) {
  const byPath = new Map(options.map((o) => [o.path, o]));
  placed = [];
  appliedFor = null;
  for (const slot of document.querySelectorAll('[data-option]')) {
    const o = byPath.get(slot.dataset.option);
    if (!o) throw new Error(`the page places an option the core does not have: ${slot.dataset.option}`);
    const element = control(o, slot.dataset.id, 'required' in slot.dataset);
    const label = document.createElement('label');
    label.htmlFor = element.id;
    label.textContent = o.label;
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = `${element.id}-error`;
    slot.classList.toggle('check', element.type === 'checkbox');
    slot.replaceChildren(label, element, error);
    placed.push({ option: o, element, slot, error });
  }
  const required = new Set(placed.map((p) => p.option.requires).filter(Boolean));
  applicabilityControls = placed.filter((p) => p.option.values_by_engine || required.has(p.option.path)).map((p) => p.element);
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
  const engine = currentEngine();
  for (const { option: o, element } of placed) {
    if (!applies(o, kind, withVocab, engine)) continue;
    const value = readValue(o, element);
    if (value !== undefined) setPath(request, o.path.split('.'), value);
  }
  if (baseConfig) request.base_config = baseConfig;
  return request;
}

// The training engine the form selects (its default when the control is absent).
function currentEngine() {
  const hit = placed.find((p) => p.option.path === 'training.engine');
  return hit ? hit.element.value : 'hf';
}

// Whether an option takes part in the request now: the target fields by the target kind, the
// vocabulary only without a tokenizer, an engine's option only under that engine, an option only
// with the one it requires.
function applies(o, kind, withVocab, engine) {
  if (TARGETS.includes(o.path)) return o.path === kind || (kind === 'config' && o.path === 'scale');
  if (o.path === 'vocab_size') return withVocab;
  if (o.engines?.length && !o.engines.includes(engine)) return false;
  if (o.requires) {
    const required = placed.find((p) => p.option.path === o.requires);
    if (required && readValue(required.option, required.element) === undefined) return false;
  }
  return true;
}

// A choice the selected engine does not offer is disabled; a selection it does not offer moves to
// "unset" where the option may stay unset, else to the first value it offers.
function restrictChoices(o, element, engine) {
  const allowed = o.values_by_engine?.[engine];
  if (!allowed || element.tagName !== 'SELECT') return;
  for (const choice of element.options) setIfChanged(choice, 'disabled', choice.value !== '' && !allowed.includes(choice.value));
  if (element.value === '' || allowed.includes(element.value)) return;
  element.value = [...element.options].some((c) => c.value === '') ? '' : allowed[0];
}

// What the form's applicability depends on: the target kind, the tokenizer, the engine, the
// base config, each option another requires, and each choice an engine restricts (a share link
// can set one the engine lacks).
function applicabilityInputs(kind, withVocab, engine) {
  const parts = [kind, withVocab, engine, !!baseConfig];
  for (const element of applicabilityControls) parts.push(element.type === 'checkbox' ? element.checked : element.value);
  return parts.join('\u0000');
}

// Hides or disables the inputs that do not apply to the current target, inputs and engine.
export function updateApplicability(withVocab) {
  const kind = $('target_kind').value;
  const engine = currentEngine();  // (restrictChoices changes the options an engine offers, never the engine)
  const inputs = applicabilityInputs(kind, withVocab, engine);
  if (inputs === appliedFor) return;
  appliedFor = inputs;
  // Each property is written only when it changes (no restyle otherwise).
  setIfChanged($('target_kind').querySelector('option[value="config"]'), 'hidden', !baseConfig);
  for (const { option: o, element } of placed) restrictChoices(o, element, engine);
  for (const { option: o, element, slot } of placed) {
    if (TARGETS.includes(o.path)) {
      setIfChanged(slot, 'hidden', !applies(o, kind, withVocab, engine));
      continue;
    }
    const fixed = baseConfig && (o.path.startsWith('recipe.') || ['context', 'sliding_window', 'num_local_experts', 'num_experts_per_tok'].includes(o.path));
    setIfChanged(element, 'disabled', !applies(o, kind, withVocab, engine) || !!fixed);
    if (slot.classList.contains('inapplicable') !== element.disabled) slot.classList.toggle('inapplicable', element.disabled);
  }
  const note = $('base-config-note');
  setIfChanged(note, 'hidden', !baseConfig);
  setIfChanged(note, 'textContent', baseConfig ? 'Candidate A is the loaded config.json, unchanged; its components and context are fixed. Choose another target to design freely.' : '');
}

// Shows the core's error beside the field it names (`where` like "state.request.training.tp");
// returns false when no field of the form holds that path.
export function showFieldError(where, text) {
  const path = where.replace(/^(state\.)?request\./, '').replace(/^design\./, '');
  const hit = placed.find((p) => p.option.path === path);
  if (!hit) return false;
  hit.element.setAttribute('aria-invalid', 'true');
  hit.element.setAttribute('aria-describedby', hit.error.id);
  hit.error.textContent = text;
  return true;
}

export function clearFieldErrors() {
  for (const { element, error } of placed) {
    if (!element.hasAttribute('aria-invalid')) continue;  // called on every change: most fields have no error
    element.removeAttribute('aria-invalid');
    element.removeAttribute('aria-describedby');
    error.textContent = '';
  }
}

// Starts the design from a config.json (candidate A), or stops (null).
export function setBaseConfig(config) {
  baseConfig = config;
  if (!config && $('target_kind').value === 'config') $('target_kind').value = 'scale';
}

// Restores the form from a (core-validated) request, as a share link or a seed carries it.
export function applyRequestToForm(request) {
  baseConfig = request.base_config ?? null;
  $('target_kind').value = baseConfig ? 'config' : request.scale !== undefined ? 'scale' : request.params !== undefined ? 'params'
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
