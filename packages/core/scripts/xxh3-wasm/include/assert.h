/* Freestanding shim: assertions are compiled out (xxhash.h only uses them with XXH_DEBUGLEVEL). */
#ifndef PIVOT_SHIM_ASSERT_H
#define PIVOT_SHIM_ASSERT_H
#define assert(c) ((void)0)
#define static_assert _Static_assert
#endif
