// Functions compiled for size, not speed, because a key press never runs them. At -O3 every
// std::string they build is constructed inline with its cleanup; that code is what the page's
// first visit downloads. Clang's `minsize` (em++); GCC has no per-function equivalent that is
// worth a warning.
#pragma once

#if defined(__clang__)
#define MA_COMPILED_FOR_SIZE __attribute__((minsize))
#else
#define MA_COMPILED_FOR_SIZE
#endif

// Builds a constant table at its first use (the option schema, the family rows, the GPU
// catalog): it runs once per process. At -O3 the table builders were over 10 % of the wasm.
#define MA_BUILT_ONCE MA_COMPILED_FOR_SIZE

// Writes text the user asks for (a long report opened or downloaded, the config check): the
// page's recompute defers it while its panel is closed (ReportChoice).
#define MA_ON_DEMAND MA_COMPILED_FOR_SIZE
