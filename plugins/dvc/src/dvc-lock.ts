import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PivotError, errorMessage } from "@pivot/core/internal";
import { parse } from "yaml";

/** What dvc.lock recorded for one stage (paths relative to the stage's wdir). */
export interface DvcLockStage {
  cmd: string[];
  params: Record<string, Record<string, unknown>>;
  deps: Array<{ path: string; md5?: string }>;
  outs: Array<{ path: string; md5?: string }>;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function entries(value: unknown): Array<{ path: string; md5?: string }> {
  if (!Array.isArray(value)) return [];
  return value.filter(isMap).map((entry) => ({ path: String(entry.path), ...(typeof entry.md5 === "string" ? { md5: entry.md5 } : {}) }));
}

/** Parses dvc.lock (schema 2.0, as DVC 2 and 3 write it). */
export function readDvcLock(file: string): Map<string, DvcLockStage> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PivotError("DVC_INVALID", `Cannot read ${file}: ${errorMessage(error).split("\n")[0]}`, { hint: "Fix or remove dvc.lock (without it every stage runs once)." });
  }
  const stages = isMap(doc) && isMap(doc.stages) ? doc.stages : {};
  const locks = new Map<string, DvcLockStage>();
  for (const [name, raw] of Object.entries(stages)) {
    if (!isMap(raw)) continue;
    locks.set(name, {
      cmd: Array.isArray(raw.cmd) ? raw.cmd.map(String) : raw.cmd === undefined ? [] : [String(raw.cmd)],
      params: isMap(raw.params) ? (raw.params as DvcLockStage["params"]) : {},
      deps: entries(raw.deps),
      outs: entries(raw.outs),
    });
  }
  return locks;
}

/** MD5 of a file, streamed; with `dos2unix`, of its text with CRLF turned into LF (DVC 2's text rule). */
export async function md5OfFile(file: string, dos2unix = false): Promise<string> {
  const hasher = new Bun.CryptoHasher("md5");
  if (dos2unix) {
    hasher.update(readFileSync(file, "latin1").replaceAll("\r\n", "\n"), "latin1");
    return hasher.digest("hex");
  }
  for await (const chunk of Bun.file(file).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split("\\").join("/"))
    .sort();
}

/** The listing of a DVC `.dir` object from the DVC cache (DVC 3 or 2 layout), if it is there. */
function dvcDirListing(dvcCache: string, md5: string): Array<{ md5: string; relpath: string }> | undefined {
  for (const object of [join(dvcCache, "files", "md5", md5.slice(0, 2), md5.slice(2)), join(dvcCache, md5.slice(0, 2), md5.slice(2))]) {
    if (!existsSync(object)) continue;
    try {
      const listing = JSON.parse(readFileSync(object, "utf8"));
      if (Array.isArray(listing)) return listing;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Whether a workspace file or folder is exactly what dvc.lock recorded (by MD5). Returns undefined
 * when it is, or why not. Folders are checked file by file against DVC's listing (from the DVC
 * cache, or by recomputing DVC's folder hash).
 */
export async function checkAgainstDvc(file: string, md5: string | undefined, dvcCache: string): Promise<string | undefined> {
  if (md5 === undefined) return "dvc.lock has no md5 for it";
  if (!existsSync(file)) return "it is missing from the workspace";
  if (!statSync(file).isDirectory()) {
    if (md5.endsWith(".dir")) return "dvc.lock recorded a folder, the workspace has a file";
    if ((await md5OfFile(file)) === md5) return undefined;
    return (await md5OfFile(file, true)) === md5 ? undefined : "its content differs from what dvc.lock recorded";
  }
  if (!md5.endsWith(".dir")) return "dvc.lock recorded a file, the workspace has a folder";
  const actual = await Promise.all(filesUnder(file).map(async (relpath) => ({ md5: await md5OfFile(join(file, relpath)), relpath })));
  const listing = dvcDirListing(dvcCache, md5.slice(0, -4));
  if (listing) {
    const expected = new Map(listing.map((entry) => [entry.relpath, entry.md5]));
    const same = expected.size === actual.length && actual.every((entry) => expected.get(entry.relpath) === entry.md5);
    return same ? undefined : "its files differ from what dvc.lock recorded";
  }
  const python = `[${actual.map((e) => `{"md5": ${JSON.stringify(e.md5)}, "relpath": ${JSON.stringify(e.relpath)}}`).join(", ")}]`;
  const hashed = new Bun.CryptoHasher("md5").update(python).digest("hex");
  return `${hashed}.dir` === md5 ? undefined : "its folder hash cannot be verified (DVC's listing is not in .dvc/cache, or the files differ)";
}
