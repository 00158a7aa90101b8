/* Freestanding shim for building xxhash.h to wasm32 without a libc: the compiler lowers these
 * builtins to wasm instructions (memory.copy / memory.fill with -mbulk-memory) or inline code. */
#ifndef PIVOT_SHIM_STRING_H
#define PIVOT_SHIM_STRING_H
#include <stddef.h>
#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memset(d, c, n) __builtin_memset((d), (c), (n))
#define memcmp(a, b, n) __builtin_memcmp((a), (b), (n))
#endif
