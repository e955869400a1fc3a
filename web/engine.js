// The only module that owns the wasm instance: loads it once, memoizes the
// promise, and turns core errors into thrown ArchitectError values.
import createModelArchitect from './model_architect.mjs';
import { wrapModule } from './engine_api.mjs';

let enginePromise = null;

export function loadEngine() {
  enginePromise ??= createModelArchitect().then(wrapModule, (err) => {
    enginePromise = null;
    throw new Error(`the WebAssembly core failed to load: ${err.message}`);
  });
  return enginePromise;
}
