// The wasm API as the page and the CLI use it, against the built module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../wasm/load_node.mjs';
import { referenceModels } from './reference.mjs';

const engine = await loadEngine();
const supported = JSON.parse(engine.listFamilies()).map((f) => f.model_type);

test('countParams gives the published total and active parameters of every reference model', () => {
  const models = referenceModels(supported);
  assert.ok(models.length >= 4);
  for (const m of models) {
    const result = JSON.parse(engine.countParams(JSON.stringify(m.config), `${m.name}.json`, 'json'));
    assert.equal(result.total_params, m.expected_total_params, m.name);
    assert.equal(result.model_type, m.model_type, m.name);
    if (m.num_parameters_active_per_token !== undefined)
      assert.equal(result.active_params_per_token, m.num_parameters_active_per_token, m.name);
  }
});

test('countParams accepts bytes as well as text', () => {
  const bytes = new TextEncoder().encode('{"model_type":"llama"}');
  assert.equal(JSON.parse(engine.countParams(bytes, 'c.json', 'json')).total_params, 6738415616);
});

test('errors come back as ArchitectError naming the input, and the module keeps working', () => {
  const cases = [
    ['{"model_type":', 'invalid_json', /bad\.json: not valid JSON/],
    ['{"model_type":"llama","hidden_size":4100}', 'invalid_value', /hidden_size \(4100\) is not a multiple of num_attention_heads \(32\)/],
    ['{"model_type":"t5"}', 'unsupported', /'t5' is not a supported architecture/],
    [new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'invalid_json', /UTF-8/],
  ];
  for (const [input, code, message] of cases) {
    assert.throws(() => engine.countParams(input, 'bad.json', 'json'), (err) => {
      assert.equal(err.name, 'ArchitectError');
      assert.equal(err.code, code);
      assert.match(err.message, message);
      return true;
    });
  }
  assert.equal(JSON.parse(engine.countParams('{"model_type":"gpt2"}', 'ok.json', 'json')).total_params, 124439808);
});

test('listFamilies lists every supported architecture', () => {
  const families = JSON.parse(engine.listFamilies()).map((f) => f.model_type);
  for (const t of ['llama', 'mistral', 'mixtral', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gpt2', 'gpt_neox', 'olmo2', 'phi3'])
    assert.ok(families.includes(t), t);
});
