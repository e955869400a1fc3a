// Storage each thread keeps for itself (the design's recent-result caches, the regex's stack).
// The wasm module runs one thread and is built without atomics: there it is plain static
// storage, because Emscripten's linker refuses thread-local storage in a module that uses bulk
// memory operations (memcpy as one memory.copy instead of a loop; CMakeLists.txt).
#pragma once

#if defined(MA_SINGLE_THREADED)
#define MA_PER_THREAD static
#else
#define MA_PER_THREAD thread_local
#endif
