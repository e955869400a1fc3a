// Rendering of the core's results. Every value shown comes from the core,
// already formatted (raw numbers are used only for bar lengths). The sections
// are described (dom.js) and their text becomes text nodes, their attributes
// setAttribute values, so nothing from a file or a link is ever parsed as HTML.
import { $, describe, describeSvg, morphChildren, setIfChanged } from './dom.js';

const el = describe, svg = describeSvg;  // (no import aliases: the single-file build drops imports)

export function renderTokenizer(facts) {
  const table = $('tokenizer-files-table');
  const dl = $('tokenizer-facts');
  setIfChanged(table, 'hidden', !facts);
  setIfChanged($('tokenizer-estimate'), 'hidden', !!facts);
  morphChildren(table.tBodies[0], facts ? facts.files.map((f) => rowOf([f.name, f.read])) : []);
  if (!facts) {
    morphChildren(dl, []);
    return;
  }
  const items = [
    ['tokenizer size', `${facts.tokenizer_size} (largest id + 1)`],
    ['vocab_size padded (128)', String(facts.vocab_size_padded?.['128'] ?? '—')],
    ...['bos', 'eos', 'pad', 'unk'].map((r) => [`${r}_token_id`, facts[`${r}_token_id`] === null
      ? `null: ${facts[`${r}_token_note`] ?? ''}` : `${facts[`${r}_token_id`]} (${facts[`${r}_token`]})`]),
    ['model_max_length', facts.model_max_length === null ? `null: ${facts.model_max_length_note}` : String(facts.model_max_length)],
    ['fingerprint', facts.fingerprint],
  ];
  morphChildren(dl, items.flatMap(([k, v]) => [el('dt', k), el('dd', v, { 'data-fact': k })]));
}

function rowOf(cells) {
  return el('tr').append(...cells.map((c) => el('td', c)));
}

export function renderCandidates(summary) {
  const table = $('candidates');
  const cands = summary.candidates;
  const headRow = el('tr').append(el('th', 'figure', { scope: 'col' }));
  for (const c of cands) {
    const fails = c.failed > 0 ? ` (fails ${c.failed})` : '';
    const classes = [c.label === summary.recommended ? 'recommended' : '', c.failed > 0 ? 'fails' : ''].filter(Boolean).join(' ');
    headRow.append(el('th', `${c.label === summary.recommended ? '✓ ' : ''}${c.label}: ${c.kind}${fails}`, { scope: 'col', ...(classes && { class: classes }) }));
  }
  const rows = summary.candidate_rows.map(({ label, cells }) => el('tr').append(el('th', label, { scope: 'row' }),
    ...cells.map((text, i) => el('td', text, { 'data-candidate': cands[i].label, 'data-row': label }))));
  const tr = el('tr').append(el('th', 'constraints', { scope: 'row' }));
  for (const c of cands) {
    tr.append(el('td', undefined, { 'data-candidate': c.label, 'data-row': 'constraints' }).append(...c.constraints.map((k) =>
      el('span', `${k.status} ${k.name}`, { class: k.met ? 'check met' : 'check failed', title: `${k.value} (limit ${k.limit}): ${k.detail}` }))));
  }
  rows.push(tr);
  morphChildren(table.tHead, [headRow]);
  morphChildren(table.tBodies[0], rows);
  setIfChanged($('rationale'), 'textContent', summary.rationale);
  morphChildren($('deviations'), summary.deviations.map((d) => el('li', `${d.component}: ${d.choice}. ${d.why}. Trade-offs: ${d.tradeoffs}.`)));
}

export function renderBreakdown(summary) {
  morphChildren($('breakdown').tBodies[0], summary.breakdown_rows.map((r) => {
    const row = rowOf([r.block, r.all_layers, r.one_layer]);
    if (r.block === 'total') row.attrs['data-total'] = String(summary.recommended_breakdown.total_params);
    return row;
  }));
}

// Stacked horizontal bar: states, activations, logits, overhead against the GPU's memory.
export function renderMemoryChart(memory) {
  const groups = memory.chart;
  const capacity = memory.gpu_memory_bytes;
  const scale = Math.max(capacity, memory.total_bytes);
  const width = 640, barY = 10, barH = 28;
  const root = svg('svg', { viewBox: `0 0 ${width} ${60 + groups.length * 18}`, role: 'img', 'aria-labelledby': 'memory-caption' });
  const patterns = ['#1f5fa8', '#6b9bd1', '#2e7d32', '#81c784', '#b26a00', '#e0a040', '#7b1fa2', '#777'];
  let x = 0;
  groups.forEach((g, i) => {
    const w = (g.bytes / scale) * width;
    const rect = svg('rect', { x, y: barY, width: Math.max(w, 0), height: barH, fill: patterns[i % patterns.length], stroke: '#fff' });
    rect.append(svg('title', {}, `${g.name}: ${g.display}\n${g.formula}`));
    root.append(rect);
    x += w;
    // Legend with the value, so nothing relies on colour alone.
    const ly = 60 + i * 18;
    root.append(svg('rect', { x: 0, y: ly - 10, width: 12, height: 12, fill: patterns[i % patterns.length] }));
    root.append(svg('text', { x: 18, y: ly, 'font-size': 12 }, `${g.name}: ${g.display}`));
  });
  const cx = (capacity / scale) * width;
  root.append(svg('line', { x1: cx, x2: cx, y1: 4, y2: barY + barH + 6, stroke: '#a11', 'stroke-width': 2, 'stroke-dasharray': '4 2' }));
  root.append(svg('text', { x: Math.min(cx + 4, width - 150), y: barY + barH + 16, 'font-size': 11 }, memory.gpu_label));
  morphChildren($('memory-chart'), [root]);
  setIfChanged($('memory-caption'), 'textContent', memory.caption);
}

export function renderScalingChart(path) {
  const width = 640, rowH = 26;
  const root = svg('svg', { viewBox: `0 0 ${width} ${path.length * rowH + 10}`, role: 'img', 'aria-label': 'Scaling path: parameters and GPU-days per step' });
  const maxLog = Math.log10(Math.max(...path.map((p) => p.params)));
  path.forEach((p, i) => {
    const w = Math.max(4, (Math.log10(p.params) / maxLog) * (width - 420));
    const y = 5 + i * rowH;
    root.append(svg('text', { x: 0, y: y + 15, 'font-size': 12 }, p.scale));
    root.append(svg('rect', { x: 80, y, width: w, height: rowH - 8, fill: '#1f5fa8' }));
    root.append(svg('text', { x: 86 + w, y: y + 15, 'font-size': 12 },
      p.display));
  });
  morphChildren($('scaling-chart'), [root]);
}

// The shape grid's Pareto front: GPU-hours (log) across, loss down; a point's shade is its decode
// speed (darker: faster); the candidates are labelled. Each point names itself (core text) for
// pointer and screen reader.
export function renderShapeGrid(grid) {
  setIfChanged($('grid-caption'), 'textContent', grid ? grid.caption : '');
  if (!grid || grid.front.length === 0) { morphChildren($('grid-plot'), []); return; }
  const width = 640, height = 300, left = 56, bottom = 36, top = 10, right = 16;
  const all = [...grid.front, ...grid.candidates];
  const cost = all.map((p) => Math.log10(p.gpu_hours)), loss = all.map((p) => p.loss), speed = all.map((p) => p.decode_tokens_per_s);
  const span = (xs) => { const lo = Math.min(...xs), hi = Math.max(...xs); return [lo, hi > lo ? hi - lo : 1]; };
  const [c0, cw] = span(cost), [l0, lw] = span(loss), [s0, sw] = span(speed);
  const x = (p) => left + ((Math.log10(p.gpu_hours) - c0) / cw) * (width - left - right);
  const y = (p) => top + ((p.loss - l0) / lw) * (height - top - bottom);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': grid.caption });
  root.append(svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#888' }));
  root.append(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#888' }));
  root.append(svg('text', { x: width / 2, y: height - 6, 'font-size': 12, 'text-anchor': 'middle' }, 'training GPU-hours (log scale) →'));
  root.append(svg('text', { x: 12, y: height / 2, 'font-size': 12, transform: `rotate(-90 12 ${height / 2})`, 'text-anchor': 'middle' }, 'loss (lower is better) ↓'));
  for (const p of grid.front) {
    const shade = Math.round(200 - ((p.decode_tokens_per_s - s0) / sw) * 170);
    const dot = svg('circle', { cx: x(p).toFixed(1), cy: y(p).toFixed(1), r: 4, fill: `rgb(${shade},${shade},255)`, stroke: '#1f5fa8' });
    dot.append(svg('title', {}, p.display));
    root.append(dot);
  }
  for (const c of grid.candidates) {
    const mark = svg('g', { class: 'grid-candidate' });
    mark.append(svg('rect', { x: (x(c) - 5).toFixed(1), y: (y(c) - 5).toFixed(1), width: 10, height: 10, fill: '#c0392b' }));
    mark.append(svg('text', { x: (x(c) + 8).toFixed(1), y: (y(c) + 4).toFixed(1), 'font-size': 12 }, c.label));
    mark.append(svg('title', {}, `${c.label}: ${c.display}`));
    root.append(mark);
  }
  morphChildren($('grid-plot'), [root]);
}

// Tables the core formatted: [{title, header, rows, note}].
export function renderTables(id, tables) {
  const out = [];
  for (const t of tables) {
    const head = el('thead').append(el('tr').append(...t.header.map((h) => el('th', h, { scope: 'col' }))));
    const body = el('tbody').append(...t.rows.map((r) =>
      el('tr').append(...r.map((cellText, i) => (i === 0 ? el('th', cellText, { scope: 'row' }) : el('td', cellText))))));
    const table = el('table').append(el('caption', t.title), head, body);
    out.push(el('div', undefined, { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t.title }).append(table));
    if (t.note) out.push(el('p', t.note, { class: 'hint' }));
  }
  morphChildren($(id), out);
}

// A list of core-written sentences.
export function renderList(id, items) {
  morphChildren($(id), items.map((text) => el('li', text)));
}

// The training recipe: each value with its source (the core formats both).
export function renderRecipe(recipe) {
  morphChildren($('recipe').tBodies[0], recipe.values.map((v) =>
    el('tr').append(el('th', v.name, { scope: 'row' }), el('td', v.value, { 'data-recipe': v.name }), el('td', v.source))));
}

// One download button per launch file (the page's one click listener on the list downloads it);
// a file the engine cannot express says why instead.
export function renderLaunchFiles(files) {
  morphChildren($('launch-files'), files.map((f) => {
    const item = el('li');
    const button = el('button', `Download ${f.name}`, { type: 'button', 'data-file': f.name, ...(f.text === null && { disabled: '' }) });
    item.append(button);
    if (f.text === null) item.append(el('span', ` not available: ${f.error}`, { class: 'hint' }));
    return item;
  }));
}

// The corpus sample's figures (rows from the core) and its histogram: bars scaled to the
// largest bin, each with its value in a tooltip and in the table beside it.
export function renderCorpus(display) {
  const dl = $('corpus-facts');
  setIfChanged($('corpus-histogram'), 'hidden', !display);
  morphChildren(dl, display ? display.rows.flatMap(([k, v]) => [el('dt', k), el('dd', v, { 'data-corpus': k })]) : []);
  if (!display) return;
  const bins = display.histogram;
  const top = Math.max(1, ...bins.map((b) => b.documents));
  const width = 640, height = 150, barW = width / Math.max(bins.length, 1);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height + 70}`, role: 'img', 'aria-labelledby': 'corpus-histogram-caption' });
  bins.forEach((b, i) => {
    const h = (b.documents / top) * height;
    const rect = svg('rect', { x: i * barW + 1, y: height - h, width: Math.max(barW - 2, 1), height: h, fill: '#1f5fa8' });
    rect.append(svg('title', {}, `${b.label} tokens: ${b.documents} documents`));
    root.append(rect);
    const x = i * barW + barW / 2;
    root.append(svg('text', { x, y: height + 12, 'font-size': 10, 'text-anchor': 'end', transform: `rotate(-45 ${x} ${height + 12})` }, b.label));
  });
  morphChildren($('corpus-histogram-chart'), [root]);
  morphChildren($('corpus-histogram-table').tBodies[0], bins.map((b) => rowOf([b.label, String(b.documents)])));
}
