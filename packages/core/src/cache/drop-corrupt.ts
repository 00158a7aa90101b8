import { rmSync } from "node:fs";
import { hashFile } from "../hash/hash-file";
import { isDirHash } from "../hash/hash-format";
import { mapWithConcurrency } from "../hash/map-with-concurrency";
import { hasObject } from "./cache-add";
import { readManifestObject } from "./manifest-object";
import { objectPath } from "./object-path";

async function dropIfCorrupt(cacheDir: string, hash: string): Promise<boolean> {
  if (!hasObject(cacheDir, hash)) return false;
  let actual: string | undefined;
  try {
    actual = await hashFile(objectPath(cacheDir, hash));
  } catch {
    actual = undefined; // unreadable counts as damaged
  }
  if (actual === hash) return false;
  rmSync(objectPath(cacheDir, hash), { force: true });
  return true;
}

/**
 * Removes the damaged objects behind `hash` — the file object, or a directory's manifest and the
 * file objects it lists — whose content no longer matches their name. Such an object can never be
 * used, and while present it would stop `pull` from fetching a good copy and an identical new output
 * from replacing it. Returns the hashes removed.
 */
export async function dropCorruptObjects(cacheDir: string, hash: string): Promise<string[]> {
  if (!isDirHash(hash)) return (await dropIfCorrupt(cacheDir, hash)) ? [hash] : [];
  let entries: string[];
  try {
    entries = [...new Set((await readManifestObject(cacheDir, hash, { verify: true })).entries.map((e) => e.hash))];
  } catch {
    if (!hasObject(cacheDir, hash)) return [];
    rmSync(objectPath(cacheDir, hash), { force: true });
    return [hash];
  }
  const dropped = await mapWithConcurrency(entries, 4, (entry) => dropIfCorrupt(cacheDir, entry));
  return entries.filter((_, i) => dropped[i]);
}
