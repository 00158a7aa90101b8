/* Freestanding shim: xxhash.h declares XXH_malloc/XXH_free around these; pivot's wasm never calls
 * them (the one hash state is a static), so they only need to exist as declarations. */
#ifndef PIVOT_SHIM_STDLIB_H
#define PIVOT_SHIM_STDLIB_H
#include <stddef.h>
void* malloc(size_t size);
void free(void* ptr);
#endif
