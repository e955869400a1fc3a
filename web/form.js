// The design form as one declarative table: each field's element id, where
// it goes in the core's design request, and how to read it. Building the
// request and restoring the form from a share link both walk this table.
// Validation is the core's: a bad value comes back as an error naming it.
import { $ } from './dom.js';


// kind: 'num' (0 = unset when zeroUnset), 'str' ('' = unset when emptyUnset), 'int-select', 'bool'
const FIELDS = [
  { id: 'gpu', path: ['training', 'gpu'], kind: 'str' },
  { id: 'gpus', path: ['gpus'], kind: 'num' },
  { id: 'days', path: ['days'], kind: 'num', zeroUnset: true },
  { id: 'tokens_available', path: ['tokens_available'], kind: 'num', zeroUnset: true },
  { id: 'mfu', path: ['mfu'], kind: 'num' },
  { id: 'price', path: ['price_per_gpu_hour'], kind: 'num', zeroUnset: true },
  { id: 'min_decode', path: ['min_decode_tokens_per_s'], kind: 'num', zeroUnset: true },
  { id: 'max_ttft', path: ['max_ttft_ms'], kind: 'num', zeroUnset: true },
  { id: 'latency_batch', path: ['latency_batch'], kind: 'num' },
  { id: 'prompt_tokens', path: ['prompt_tokens'], kind: 'num' },
  { id: 'attention', path: ['recipe', 'attention'], kind: 'str' },
  { id: 'mlp', path: ['recipe', 'mlp'], kind: 'str' },
  { id: 'norm', path: ['recipe', 'norm'], kind: 'str' },
  { id: 'positions', path: ['recipe', 'positions'], kind: 'str' },
  { id: 'bias', path: ['recipe', 'bias'], kind: 'str' },
  { id: 'qk_norm', path: ['recipe', 'qk_norm'], kind: 'str' },
  { id: 'parallel_residual', path: ['recipe', 'parallel_residual'], kind: 'bool' },
  { id: 'fused_projections', path: ['recipe', 'fused_projections'], kind: 'bool' },
  { id: 'context', path: ['context'], kind: 'num', zeroUnset: true },
  { id: 'vocab_multiple', path: ['vocab_multiple'], kind: 'num' },
  { id: 'seq_len', path: ['training', 'seq_len'], kind: 'num', zeroUnset: true },
  { id: 'micro_batch', path: ['training', 'micro_batch'], kind: 'num', zeroUnset: true },
  { id: 'recompute', path: ['training', 'recompute'], kind: 'str', emptyUnset: true },
  { id: 'zero_stage', path: ['training', 'zero_stage'], kind: 'int-select', emptyUnset: true },
  { id: 'tp', path: ['training', 'tp'], kind: 'num', zeroUnset: true },
  { id: 'pp', path: ['training', 'pp'], kind: 'num', zeroUnset: true },
  { id: 'precision', path: ['training', 'precision'], kind: 'str' },
  { id: 'optimizer', path: ['training', 'optimizer'], kind: 'str' },
  { id: 'attention_kernel', path: ['training', 'attention'], kind: 'str' },
];

function setPath(object, path, value) {
  let target = object;
  for (const key of path.slice(0, -1)) target = (target[key] ??= {});
  target[path.at(-1)] = value;
}

function getPath(object, path) {
  let value = object;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[key];
  }
  return value;
}

function readNumber(element) {
  // An empty or non-numeric field goes to the core as text, which names the field in its error.
  const raw = element.value.trim();
  const n = Number(raw);
  return raw === '' || !Number.isFinite(n) ? raw : n;
}

// The core's design request from the form. `withVocab` adds the typed vocab size (no tokenizer).
export function requestFromForm(withVocab) {
  const request = {};
  const kind = $('target_kind').value;
  if (kind === 'scale') request.scale = $('scale').value;
  if (kind === 'params') request.params = readNumber($('params'));
  if (kind === 'target_loss') request.target_loss = readNumber($('target_loss'));
  for (const field of FIELDS) {
    const element = $(field.id);
    let value = field.kind === 'bool' ? element.checked : field.kind === 'num' ? readNumber(element) : element.value;
    if (field.zeroUnset && value === 0) continue;
    if (field.emptyUnset && value === '') continue;
    if (field.kind === 'int-select') value = Number(value);
    if (field.kind === 'bool' && value === false) continue;
    setPath(request, field.path, value);
  }
  const tied = $('tied').value;
  if (tied !== 'auto') setPath(request, ['recipe', 'tied'], tied === 'true');
  const window = readNumber($('sliding_window'));
  if (window !== 0) {
    request.sliding_window = window;
    setPath(request, ['recipe', 'sliding_window'], true);
  }
  const experts = readNumber($('experts'));
  if (experts !== 0) {
    request.num_local_experts = experts;
    request.num_experts_per_tok = readNumber($('experts_per_token'));
    setPath(request, ['recipe', 'moe'], true);
  }
  if (withVocab) request.vocab_size = readNumber($('vocab_size'));
  return request;
}

// Restores the form from a (core-validated) request, as a share link carries it.
export function applyRequestToForm(request) {
  $('target_kind').value = request.scale !== undefined ? 'scale' : request.params !== undefined ? 'params'
    : request.target_loss !== undefined ? 'target_loss' : 'budget';
  if (request.scale !== undefined) $('scale').value = request.scale;
  if (request.params !== undefined) $('params').value = String(request.params);
  if (request.target_loss !== undefined) $('target_loss').value = String(request.target_loss);
  for (const field of FIELDS) {
    const value = getPath(request, field.path);
    const element = $(field.id);
    if (field.kind === 'bool') element.checked = value === true;
    else if (value === undefined) element.value = field.zeroUnset ? '0' : field.emptyUnset ? '' : element.defaultValue ?? element.value;
    else element.value = String(value);
  }
  const tied = getPath(request, ['recipe', 'tied']);
  $('tied').value = tied === undefined ? 'auto' : String(tied);
  $('sliding_window').value = String(request.sliding_window ?? (getPath(request, ['recipe', 'sliding_window']) ? 4096 : 0));
  $('experts').value = String(request.num_local_experts ?? 0);
  $('experts_per_token').value = String(request.num_experts_per_tok ?? 2);
  if (request.vocab_size !== undefined) $('vocab_size').value = String(request.vocab_size);
}
