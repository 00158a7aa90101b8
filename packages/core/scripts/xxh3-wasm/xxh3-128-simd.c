/*
 * Streaming XXH3-128 (default secret, seed 0) for WebAssembly with SIMD128, used by pivot to hash
 * file contents. Built by ../build-xxh3-wasm.sh into src/hash/xxh3-128-simd.wasm.
 *
 * Everything except the two inner-loop kernels comes from xxhash.h (xxHash 0.8.1, Debian package
 * libxxhash-dev), included with XXH_INLINE_ALL; the kernels below replace the scalar
 * XXH3_accumulate_512 / XXH3_scrambleAcc in the streaming update only, and compute the same values.
 *
 * xxHash - Extremely Fast Hash algorithm
 * Copyright (C) 2012-2021 Yann Collet
 *
 * BSD 2-Clause License (https://www.opensource.org/licenses/bsd-license.php)
 *
 * Redistribution and use in source and binary forms, with or without modification, are permitted
 * provided that the following conditions are met:
 *
 *    * Redistributions of source code must retain the above copyright notice, this list of
 *      conditions and the following disclaimer.
 *    * Redistributions in binary form must reproduce the above copyright notice, this list of
 *      conditions and the following disclaimer in the documentation and/or other materials
 *      provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
 * IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
 * FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR
 * CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 * DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
 * WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY
 * WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_SCALAR /* the SIMD128 kernels are passed explicitly below */
#include <xxhash.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

/*
 * acc[i] += lo32(data ^ key) * hi32(data ^ key); acc[i ^ 1] += data, for the 8 64-bit lanes,
 * two lanes per v128 (the SIMD128 form of XXH3_accumulate_512_scalar).
 */
static inline __attribute__((always_inline)) void
accumulate512_simd128(void* XXH_RESTRICT acc, const void* XXH_RESTRICT input, const void* XXH_RESTRICT secret)
{
    v128_t* const xacc = (v128_t*)acc;
    const unsigned char* const xinput = (const unsigned char*)input;
    const unsigned char* const xsecret = (const unsigned char*)secret;
    for (int i = 0; i < 4; i++) {
        v128_t const data = wasm_v128_load(xinput + 16 * i);
        v128_t const key = wasm_v128_load(xsecret + 16 * i);
        v128_t const dataKey = wasm_v128_xor(data, key);
        /* [lo0, lo1, hi0, hi1] and [hi0, hi1, lo0, lo1]: the low halves multiply lo * hi per lane */
        v128_t const los = wasm_i32x4_shuffle(dataKey, dataKey, 0, 2, 1, 3);
        v128_t const his = wasm_i32x4_shuffle(dataKey, dataKey, 1, 3, 0, 2);
        v128_t const product = wasm_u64x2_extmul_low_u32x4(los, his);
        v128_t const swapped = wasm_i64x2_shuffle(data, data, 1, 0);
        xacc[i] = wasm_i64x2_add(xacc[i], wasm_i64x2_add(product, swapped));
    }
}

/* acc = (acc ^ (acc >> 47) ^ key) * PRIME32_1 (the SIMD128 form of XXH3_scrambleAcc_scalar). */
static inline __attribute__((always_inline)) void
scrambleAcc_simd128(void* XXH_RESTRICT acc, const void* XXH_RESTRICT secret)
{
    v128_t* const xacc = (v128_t*)acc;
    const unsigned char* const xsecret = (const unsigned char*)secret;
    v128_t const prime = wasm_i64x2_splat(XXH_PRIME32_1);
    for (int i = 0; i < 4; i++) {
        v128_t const a = xacc[i];
        v128_t const key = wasm_v128_load(xsecret + 16 * i);
        v128_t const mixed = wasm_v128_xor(wasm_v128_xor(a, wasm_u64x2_shr(a, 47)), key);
        xacc[i] = wasm_i64x2_mul(mixed, prime);
    }
}

/* One hash in progress per instance: JS creates an instance per concurrent hash. */
static XXH3_state_t state;
/* The digest, canonical (big-endian) form: the 16 bytes whose hex is xxhsum -H2's output. */
static XXH128_canonical_t digest;

EXPORT("reset") void reset(void)
{
    XXH3_128bits_reset(&state);
}

EXPORT("update") void update(const unsigned char* input, size_t length)
{
    XXH3_update(&state, input, length, accumulate512_simd128, scrambleAcc_simd128);
}

/* Finishes the hash and returns the address of its 16 canonical bytes. */
EXPORT("digest") const unsigned char* final(void)
{
    XXH128_canonicalFromHash(&digest, XXH3_128bits_digest(&state));
    return digest.digest;
}
