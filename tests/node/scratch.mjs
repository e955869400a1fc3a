// Scratch folders for a test file: made under the system's temp folder and removed when the test
// process exits (each test file runs in its own process), so test runs leave nothing behind
// (before, every run left ~250 MB: the 100 MB truncated tokenizer, HF's oracle copies, outputs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
