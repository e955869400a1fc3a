// Marks a function that builds a constant table at its first use (the option schema, the family
// rows, the GPU catalog): it runs once per process, so it is compiled for size, not speed. At -O3
// every std::string of its rows was constructed inline; those copies were over 10 % of the wasm.
// Clang's `minsize` (em++); GCC has no per-function equivalent that is worth a warning.
#pragma once

#if defined(__clang__)
#define MA_BUILT_ONCE __attribute__((minsize))
#else
#define MA_BUILT_ONCE
#endif
