// Real models with published parameter counts (same sources as the Catch2 tests):
// tests/data/more_models.json and ../shared/reference/{real_models,real_models_modern}.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = join(repoRoot, '..', 'shared', 'reference');

// Every model as {name, model_type, config, expected_total_params, num_parameters_active_per_token?};
// `supported` (a list of model_types) keeps only the families the core builds.
export function referenceModels(supported) {
  const files = [join(repoRoot, 'tests', 'data', 'more_models.json'), join(shared, 'real_models.json')];
  const models = files.filter(existsSync).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).models);
  const modern = join(shared, 'real_models_modern.json');
  if (existsSync(modern))
    for (const m of JSON.parse(readFileSync(modern, 'utf8'))) models.push({ ...m, model_type: m.config.model_type });
  return supported ? models.filter((m) => supported.includes(m.model_type)) : models;
}
