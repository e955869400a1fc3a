// Page logic: read inputs, ask the core, render results. No formulas here:
// every number comes from the wasm core. Text is only ever set with
// textContent, never parsed as HTML.
import { loadEngine } from './engine.js';

const $ = (id) => document.getElementById(id);
const SHAPE_FIELDS = ['vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers',
  'num_attention_heads', 'num_key_value_heads', 'max_position_embeddings'];
const BLOCKS = ['embedding', 'attention', 'mlp', 'norm', 'head'];
const fmt = (value) => BigInt(value).toLocaleString('en-US');

let engine = null;
let loadedConfig = null;  // {name, text} when a config.json was chosen

// The form as an HF config.json (input marshaling only; the core validates).
function configFromForm() {
  const config = { model_type: $('model_type').value };
  for (const field of SHAPE_FIELDS) {
    const raw = $(field).value.trim();
    config[field] = raw === '' ? null : Number(raw);
  }
  config.tie_word_embeddings = $('tie_word_embeddings').checked;
  return JSON.stringify(config);
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function render(result) {
  $('error').hidden = true;
  const totals = $('totals');
  totals.replaceChildren();
  const rows = [
    ['Architecture', result.architecture],
    ['Total parameters', fmt(result.total_params)],
    ['Embedding', fmt(result.embedding_params)],
    ['Non-embedding', fmt(result.non_embedding_params)],
  ];
  if (result.active_params_per_token !== result.total_params)
    rows.push(['Active per token', fmt(result.active_params_per_token)]);
  for (const [label, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.field = label;
    totals.append(dt, dd);
  }
  const body = $('breakdown').querySelector('tbody');
  body.replaceChildren();
  for (const block of BLOCKS) {
    const tr = document.createElement('tr');
    const perLayer = result.per_layer_breakdown[block];
    for (const text of [block, fmt(result.breakdown[block]), perLayer === undefined ? '—' : fmt(perLayer)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  $('breakdown').hidden = false;
}

function recompute() {
  if (!engine) return;
  const text = loadedConfig ? loadedConfig.text : configFromForm();
  const name = loadedConfig ? loadedConfig.name : 'form';
  try {
    // JSON.parse is exact here: parameter counts stay far below 2^53.
    render(JSON.parse(engine.countParams(text, name, 'json')));
    $('status').textContent = loadedConfig ? `Counted ${loadedConfig.name}.` : 'Counted the form\'s architecture.';
  } catch (err) {
    showError(err.message);
    $('status').textContent = 'The last input has a problem; the previous result is kept.';
  }
}

async function onConfigFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Validate before replacing what is shown: a bad file leaves the current design intact.
  try {
    engine.countParams(bytes, file.name, 'json');
  } catch (err) {
    showError(err.message);
    return;
  }
  loadedConfig = { name: file.name, text: bytes };
  $('config-source').textContent = `Showing ${file.name}. Edit the form to go back to it.`;
  recompute();
}

async function start() {
  try {
    engine = await loadEngine();
  } catch (err) {
    $('status').textContent = '';
    showError(err.message);
    return;
  }
  const families = JSON.parse(engine.listFamilies());
  for (const family of families) {
    const option = document.createElement('option');
    option.value = family.model_type;
    option.textContent = `${family.model_type} (${family.architecture})`;
    $('model_type').append(option);
  }
  $('shape-form').addEventListener('input', () => {
    loadedConfig = null;
    $('config-source').textContent = '';
    recompute();
  });
  $('config-file').addEventListener('change', onConfigFile);
  recompute();
}

start();
