#!/bin/sh
# Rebuilds src/hash/xxh3-128-simd.wasm (pivot's SIMD128 XXH3-128) from xxh3-wasm/xxh3-128-simd.c.
# The built module is committed: CI and users never run this. After a rebuild, run
#   bun test packages/core/src/hash
# which compares the module's digests with hash-wasm's (and xxhsum's, when installed).
#
# Needs (Debian 12): apt-get install clang lld libxxhash-dev   (clang 14, xxhash.h 0.8.1)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/../src/hash" && pwd)/xxh3-128-simd.wasm"
header=${XXHASH_H:-/usr/include/xxhash.h}
[ -f "$header" ] || { echo "missing $header: apt-get install libxxhash-dev" >&2; exit 1; }

# xxhash.h sits in /usr/include next to glibc's headers, which do not build for wasm32: copy it
# alone into an include folder of its own; include/ holds the freestanding string.h/stdlib.h/assert.h.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$header" "$tmp/xxhash.h"

clang --target=wasm32 -std=c11 -O3 -msimd128 -mbulk-memory -nostdlib -ffreestanding \
  -DNDEBUG -Wall -Werror \
  -I"$here/xxh3-wasm/include" -I"$tmp" \
  -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 \
  -o "$out" "$here/xxh3-wasm/xxh3-128-simd.c"
chmod 644 "$out"
echo "built $out ($(wc -c < "$out") bytes, xxhash.h $(sed -n 's/^#define XXH_VERSION_\(MAJOR\|MINOR\|RELEASE\) *\([0-9]*\).*/\2/p' "$header" | paste -sd.))"
