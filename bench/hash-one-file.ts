// Hashes one file with pivot's hasher and prints the digest (used by the hashing benchmark).
import { hashFile } from "../packages/core/src/hash/hash-file";

const file = process.argv[2];
if (!file) throw new Error("usage: bun bench/hash-one-file.ts <file>");
console.log(await hashFile(file));
