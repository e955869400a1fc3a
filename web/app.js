// Page wiring: inputs -> the core -> rendering, downloads, share links and
// offline support. No formulas here; every number comes from the wasm core.
import { $, setIfChanged, whenIdle } from './dom.js';
import { loadEngine } from './engine.js';
import { summaryOfCorpus } from './engine_api.mjs';
import { applyRequestToForm, buildForm, clearFieldErrors, requestFromForm, setBaseConfig, showFieldError,
  updateApplicability } from './form.js';
import { TokenizerFiles } from './tokenizer_files.js';
import { sectionRenderer } from './sections.js';
import { CorpusRunner } from './corpus.js';
import { renderTokenizer, renderCandidates, renderBreakdown, renderMemoryChart, renderScalingChart, renderShapeGrid, renderTables,
  renderList, renderRecipe, renderLaunchFiles, renderCorpus } from './render.js';

let engine = null;
let tokenizer = null;     // TokenizerFiles
let lastInputs = null;    // the tokenizer handle and state lastResult was computed from
let linkFacts = null;     // tokenizer facts carried by a share link (when no files are loaded)
let lastResult = null;    // the last successful design
let scheduled = false;
let computedFor = null;   // the state and tokenizer of the last recompute: an identical change is not recomputed
let analysedConfig = null; // {name, bytes} of the last config.json analysed
let corpusRunner = null;  // CorpusRunner
let corpusSummary = null; // the corpus sample's statistics for the state (from a run or a share link)
let corpusStats = null;   // the last run's full statistics (with tokens_per_document), for download

const sections = sectionRenderer();
const renderChanged = sections.renderChanged;

const DOWNLOADS = ['download-config', 'download-architecture', 'download-capacity', 'copy-link'];

function showError(id, message) {
  setIfChanged($(id), 'textContent', message);
}

const haveTokenizer = () => tokenizer.files.size > 0 || linkFacts !== null;

function currentState() {
  // With files loaded the core uses them and compares their fingerprint with the link's facts.
  return { request: requestFromForm(!haveTokenizer()), tokenizer: linkFacts, corpus: corpusSummary };
}

// A field error goes beside its field; every download is off until the inputs are valid again.
function showInvalid(err) {
  const beside = err.where && showFieldError(err.where, err.text ?? err.message);
  showError('design-error', beside ? '' : err.message);
  for (const id of DOWNLOADS) $(id).disabled = true;
  for (const button of document.querySelectorAll('#launch-files button')) button.disabled = true;  // the next valid design enables them
  $('config-disabled-reason').textContent = beside
    ? 'Downloads are off while a field is invalid: fix the highlighted field.'
    : 'Downloads are off while the inputs have a problem (see above).';
  $('status').textContent = 'The last change has a problem; the previous design is kept, its downloads are off.';
}

function recompute() {
  scheduled = false;
  updateApplicability(!haveTokenizer());
  const state = currentState();
  // A key press or a select fires both `input` and `change`: the second finds nothing new.
  const key = `${tokenizer.handle} ${JSON.stringify(state)}`;
  if (key === computedFor) return;
  computedFor = key;
  clearFieldErrors();
  let result;
  try {
    result = JSON.parse(engine.designStateLoaded(tokenizer.handle, state, openReports()));
  } catch (err) {
    showInvalid(err);
    return;
  }
  showError('design-error', '');
  lastResult = result;
  lastInputs = { handle: tokenizer.handle, state };
  const s = result.summary;
  renderChanged('tokenizer', result.tokenizer, renderTokenizer);
  renderChanged('corpus', result.corpus, renderCorpus);
  setIfChanged($('download-corpus'), 'hidden', !corpusStats);
  setIfChanged($('corpus-clear'), 'disabled', !corpusSummary);
  renderChanged('context', s.context_checks.filter((c) => c.level !== 'ok').map((c) => `${c.level}: ${c.message}`),
    (items) => renderList('tokenizer-warnings', items), $('tokenizer-warnings'));
  renderChanged('candidates', { recommended: s.recommended, candidates: s.candidates, candidate_rows: s.candidate_rows,
    rationale: s.rationale, deviations: s.deviations }, renderCandidates, $('candidates'));
  renderChanged('breakdown', { breakdown_rows: s.breakdown_rows, recommended_breakdown: { total_params: s.recommended_breakdown.total_params } },
    renderBreakdown, $('breakdown'));
  renderChanged('memory', s.recommended_training_memory, renderMemoryChart, $('memory-chart'));
  renderChanged('scaling', s.scaling_path, renderScalingChart, $('scaling-chart'));
  renderChanged('grid', s.shape_grid, renderShapeGrid, $('grid-plot'));
  renderChanged('recipe', s.training_recipe, renderRecipe, $('recipe'));
  renderLaunchFiles(result.files.filter((f) => f.kind === 'launch'));
  renderChanged('notes', s.notes, (items) => renderList('design-notes', items), $('design-notes'));
  renderReports();
  const notes = [...result.warnings];
  if (linkFacts && tokenizer.files.size === 0)
    notes.unshift('Opened from a share link: the tokenizer facts come from the link; load the tokenizer files to check them against its fingerprint.');
  setIfChanged($('design-warnings'), 'textContent', notes.join(' '));
  const config = outputFile('config.json');
  setIfChanged($('download-config'), 'disabled', config.text === null);
  setIfChanged($('config-disabled-reason'), 'textContent', config.text === null ? `config.json is not available: ${config.error}` : '');
  for (const id of ['download-architecture', 'download-capacity', 'copy-link']) setIfChanged($(id), 'disabled', false);
  shareLinkSoon(result.share);
  setIfChanged($('status'), 'textContent', `${s.candidates.length} candidates; ${s.recommended} recommended (${s.model_type}, ${s.scale}).` +
    (result.tokenizer ? '' : ' Estimate: no tokenizer files.'));
  checkConfig();
}

// The share link goes into the address bar once the changes pause, in idle time: each new address
// costs the main thread milliseconds (history.replaceState with a long fragment, and Chromium
// fetching and decoding the page's icon again for it, ~2 ms per address in a trace), which
// otherwise land in the frames of the next key presses. Whatever reads the link (Copy share
// link, leaving the page) writes it first.
const SHARE_LINK_QUIET_MS = 400;
let pendingShare = null;
let shareTimer = 0;
function shareLinkSoon(share) {
  pendingShare = share;
  clearTimeout(shareTimer);
  shareTimer = setTimeout(() => whenIdle(writeShareLink), SHARE_LINK_QUIET_MS);
}
function writeShareLink() {
  if (pendingShare === null) return;
  const share = pendingShare;
  pendingShare = null;
  if (location.hash.slice(1) !== share) history.replaceState(null, '', `#${share}`);
}

// The long reports: the core renders one, and the page lays it out, only while its panel is open.
const REPORT_PANELS = [['architecture-details', 'architecture-report', 'architecture_report.md'],
  ['capacity-details', 'capacity-plan', 'capacity_plan.md']];
const openReports = () => REPORT_PANELS.filter(([panel]) => $(panel).open).map(([, , file]) => file);

function renderReports() {
  if (!lastResult) return;
  for (const [panel, id, file] of REPORT_PANELS) {
    const text = $(panel).open ? outputFile(file).text : '';
    if ($(id).textContent !== text) $(id).textContent = text;
  }
}

// One deliverable of the last design: {name, text (null when unavailable), error}. A report the
// last call deferred (its panel was closed) is rendered now, from the same inputs.
function outputFile(name) {
  const file = lastResult.files.find((f) => f.name === name);
  if (file.deferred) {
    try {
      const again = JSON.parse(engine.designStateLoaded(lastInputs.handle, lastInputs.state, [name]));
      Object.assign(file, again.files.find((f) => f.name === name));
    } catch (err) {  // the inputs changed since (a tokenizer closed): the next valid change renders it
      return { name, text: null, error: err.message };
    }
  }
  return file;
}

// Recomputes once per burst of input events, before the next paint (a microtask, not a
// frame later): the core takes a few milliseconds, so the change shows in the next frame.
function schedule() {
  if (scheduled || !engine) return;
  scheduled = true;
  queueMicrotask(recompute);
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function loadTokenizerFiles(fileList, keep) {
  try {
    const ignored = await tokenizer.add(fileList, { keep });
    showError('tokenizer-errors', ignored.length ? `Not tokenizer files, ignored: ${ignored.join(', ')}` : '');
  } catch (err) {
    const hint = err.code === 'conflict' && keep ? ' Clear the tokenizer first to load another folder.' : '';
    showError('tokenizer-errors', `${err.message} (the previously loaded files are kept).${hint}`);
    return;
  }
  schedule();
}

async function filesFromDrop(event) {
  const files = [];
  for (const item of event.dataTransfer.items ?? []) {
    const entry = item.webkitGetAsEntry?.();
    if (entry?.isDirectory) {
      const reader = entry.createReader();
      const entries = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      for (const e of entries) if (e.isFile) files.push(await new Promise((ok, fail) => e.file(ok, fail)));
    } else if (item.kind === 'file') {
      files.push(item.getAsFile());
    }
  }
  return files.length ? files : [...event.dataTransfer.files];
}

// The loaded config.json under the form's training and inference settings, searched on the form's GPUs.
function checkConfig() {
  if (!analysedConfig) return;
  const request = requestFromForm(false);
  const options = { training: { ...(request.training ?? {}) }, gpus: request.gpus, mfu: request.mfu, fit_max_gpus: request.gpus,
    latency_batch: request.latency_batch, prompt_tokens: request.prompt_tokens };
  if (request.price_per_gpu_hour !== undefined) options.price_per_gpu_hour = request.price_per_gpu_hour;
  try {
    const { name, bytes } = analysedConfig;
    const count = JSON.parse(engine.countParams(bytes, name, 'json'));
    const memory = JSON.parse(engine.estimateMemory(bytes, name, options, 'json'));
    $('config-summary').textContent = `${name}: ${count.model_type} (${count.architecture}), ${count.total_params_display} parameters` +
      (count.active_params_per_token !== count.total_params ? `, ${count.active_params_display} active per token` : '') + '.';
    $('config-analysis').dataset.total = String(count.total_params);
    renderTables('config-tables', memory.tables);
    $('config-analysis').hidden = false;
    showError('config-error', '');
  } catch (err) {
    showError('config-error', err.message);
  }
}

async function analyseConfig(event) {
  const file = event.target.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    engine.countParams(bytes, file.name, 'json');  // refuses a broken file before it replaces the last one
  } catch (err) {
    showError('config-error', err.message);
    return;
  }
  analysedConfig = { name: file.name, bytes };
  $('design-from-config').disabled = false;
  checkConfig();
}

function restoreFromLink() {
  const fragment = location.hash.slice(1);
  showError('link-error', '');
  if (!fragment) return;
  try {
    const state = JSON.parse(engine.shareDecode(fragment));
    applyRequestToForm(state.request);
    linkFacts = state.tokenizer;
    corpusSummary = state.corpus;
    corpusStats = null;
  } catch (err) {
    showError('link-error', `This share link cannot be used (${err.message}); showing the default design.`);
    history.replaceState(null, '', location.pathname);
  }
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') {
    $('offline-status').textContent = location.protocol === 'file:' ? 'Running from a saved file: works offline.' : '';
    return;
  }
  // A page already controlled by a worker that sees a new one install is running an old version.
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.register('sw.js').then((registration) => {
    const ready = () => { $('offline-status').textContent = 'Ready to work offline.'; };
    if (registration.active) ready();
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state !== 'activated') return;
        if (hadController) $('offline-status').textContent = 'Update available: reload to use the new version.';
        else ready();
      });
    });
  }).catch(() => { $('offline-status').textContent = ''; });
}

// merges.txt and vocab.txt belong to the tokenizer; other .txt and .jsonl files are corpus samples.
const isCorpusFile = (name) => /\.(txt|jsonl)$/i.test(name) && !engine.isTokenizerInputName(name);

// The corpus step: the loaded tokenizer.json tokenizes the sample in a worker, with progress and Cancel.
async function runCorpus(files) {
  showError('corpus-errors', '');
  if (!files.length) return;
  if (!tokenizer.files.has('tokenizer.json')) {
    showError('corpus-errors', 'Load the tokenizer first: the corpus step tokenizes with its tokenizer.json.');
    return;
  }
  const progress = $('corpus-progress');
  progress.hidden = false;
  progress.value = 0;
  $('corpus-cancel').hidden = false;
  $('corpus-status').textContent = `Tokenizing ${files.length} file(s)…`;
  corpusRunner.start(await tokenizer.list(), files, { field: $('corpus-field').value || 'text', txt_split: $('corpus-split').value }, {
    progress: (p) => {
      progress.value = p.total ? p.done / p.total : 1;
      $('corpus-status').textContent = `Tokenizing ${p.file}: ${Math.floor(100 * progress.value)}% read, ` +
        `${p.documents.toLocaleString('en-US')} documents, ${p.tokens.toLocaleString('en-US')} tokens`;
    },
    done: (stats) => {
      progress.hidden = true;
      $('corpus-cancel').hidden = true;
      corpusStats = stats;
      corpusSummary = summaryOfCorpus(stats);
      $('corpus-status').textContent = `Corpus sample tokenized: ${stats.documents.toLocaleString('en-US')} documents, ` +
        `${stats.tokens.toLocaleString('en-US')} tokens.`;
      schedule();
    },
    error: (err) => {
      progress.hidden = true;
      $('corpus-cancel').hidden = true;
      $('corpus-status').textContent = '';
      showError('corpus-errors', `${err.message} (the previous statistics are kept).`);
    },
  });
}

function wireCorpusInputs() {
  corpusRunner = new CorpusRunner(engine);
  $('corpus-files').addEventListener('change', (e) => { runCorpus([...e.target.files]); e.target.value = ''; });
  $('corpus-cancel').addEventListener('click', () => {
    corpusRunner.cancel();
    $('corpus-progress').hidden = true;
    $('corpus-cancel').hidden = true;
    $('corpus-status').textContent = 'Cancelled; the previous statistics are kept.';
  });
  $('corpus-clear').addEventListener('click', () => {
    corpusRunner.cancel();
    corpusSummary = corpusStats = null;
    $('corpus-status').textContent = '';
    schedule();
  });
  $('download-corpus').addEventListener('click', () =>
    download('corpus_statistics.json', JSON.stringify(corpusStats, null, 2) + '\n', 'application/json'));
}

function wireTokenizerInputs() {
  $('tokenizer-files').addEventListener('change', (e) => loadTokenizerFiles([...e.target.files], false));
  $('tokenizer-folder').addEventListener('change', (e) => loadTokenizerFiles([...e.target.files], false));
  $('tokenizer-add').addEventListener('change', (e) => loadTokenizerFiles([...e.target.files], true));
  $('clear-tokenizer').addEventListener('click', () => {
    tokenizer.clear();
    linkFacts = null;
    for (const id of ['tokenizer-files', 'tokenizer-folder', 'tokenizer-add']) $(id).value = '';
    showError('tokenizer-errors', '');
    schedule();
  });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const dropped = await filesFromDrop(e);
    const sample = dropped.filter((f) => isCorpusFile(f.name));
    const rest = dropped.filter((f) => !isCorpusFile(f.name));
    if (rest.length) await loadTokenizerFiles(rest, false);
    if (sample.length) runCorpus(sample);
  });
  zone.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    $('tokenizer-files').click();
  });
}

async function start() {
  try {
    engine = await loadEngine();
  } catch (err) {
    $('status').textContent = '';
    showError('design-error', err.message);
    return;
  }
  tokenizer = new TokenizerFiles(engine);
  buildForm(JSON.parse(engine.describeOptions()));
  restoreFromLink();

  $('design-form').addEventListener('input', schedule);
  $('design-form').addEventListener('change', schedule);
  $('target_kind').addEventListener('change', () => { if ($('target_kind').value !== 'config') setBaseConfig(null); });
  $('vocab_size').addEventListener('input', schedule);
  wireTokenizerInputs();
  wireCorpusInputs();
  $('config-file').addEventListener('change', analyseConfig);
  $('architecture-details').addEventListener('toggle', renderReports);
  $('capacity-details').addEventListener('toggle', renderReports);
  $('design-from-config').addEventListener('click', () => {
    try {
      applyRequestToForm(JSON.parse(engine.designSeed(analysedConfig.bytes, analysedConfig.name)).request);
      schedule();
    } catch (err) {
      showError('config-error', err.message);
    }
  });
  // The fragment holds the share link: the skip link moves the focus instead of changing it.
  document.querySelector('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('results').focus();
    $('results').scrollIntoView();
  });
  const downloadFile = (name) => {
    const file = outputFile(name);
    if (file.text !== null) download(file.name, file.text, file.media_type);
  };
  $('download-config').addEventListener('click', () => downloadFile('config.json'));
  // One listener for the launch files' buttons, which each design patches in place.
  $('launch-files').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-file]');
    if (button && !button.disabled) downloadFile(button.dataset.file);
  });
  $('download-architecture').addEventListener('click', () => downloadFile('architecture_report.md'));
  $('download-capacity').addEventListener('click', () => downloadFile('capacity_plan.md'));
  $('copy-link').addEventListener('click', async () => {
    writeShareLink();
    try {
      await navigator.clipboard.writeText(location.href);
      $('status').textContent = 'Share link copied.';
    } catch {
      $('status').textContent = `Share link: ${location.href}`;
    }
  });
  window.addEventListener('pagehide', writeShareLink);
  window.addEventListener('beforeprint', sections.renderAll);
  window.addEventListener('hashchange', () => {
    if (lastResult && location.hash.slice(1) === lastResult.share) return;
    pendingShare = null;  // the address bar's new link wins over the one not yet written
    restoreFromLink();
    schedule();
  });
  recompute();
  registerServiceWorker();
}

start();
