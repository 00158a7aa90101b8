import { statForCache } from "./file-stat";
import { hashFile } from "./hash-file";
import { mapWithConcurrency } from "./map-with-concurrency";

/** Files hashed in parallel by default: enough to overlap reads with the (single-threaded) hash. */
export const DEFAULT_HASH_CONCURRENCY = 4;

export interface HashProgress {
  doneFiles: number;
  totalFiles: number;
  doneBytes: number;
  totalBytes: number;
}

export interface HashFilesOptions {
  /** Files in flight at once (each holds one wasm hasher and one 1 MiB buffer). */
  concurrency?: number;
  /** Called once at the start, after every chunk read and after every finished file. */
  onProgress?: (progress: HashProgress) => void;
}

/** Hashes many files concurrently; returns their hashes in the order of `absPaths`. */
export async function hashFiles(absPaths: readonly string[], options: HashFilesOptions = {}): Promise<string[]> {
  const { onProgress } = options;
  const progress: HashProgress = { doneFiles: 0, totalFiles: absPaths.length, doneBytes: 0, totalBytes: 0 };
  if (onProgress) {
    for (const path of absPaths) progress.totalBytes += statForCache(path).sizeBytes;
    onProgress({ ...progress });
  }
  const onBytes = onProgress
    ? (bytes: number) => {
        progress.doneBytes += bytes;
        onProgress({ ...progress });
      }
    : undefined;
  return mapWithConcurrency(absPaths, options.concurrency ?? DEFAULT_HASH_CONCURRENCY, async (path) => {
    const hash = await hashFile(path, { onBytes });
    if (onProgress) {
      progress.doneFiles += 1;
      onProgress({ ...progress });
    }
    return hash;
  });
}
