// Real models with published parameter counts (same sources as the Catch2 tests).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function referenceModels() {
  const files = [join(repoRoot, 'tests', 'data', 'more_models.json'),
    join(repoRoot, '..', 'shared', 'reference', 'real_models.json')];
  return files.filter(existsSync).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).models);
}
