import { PivotError } from "../errors/pivot-error";
import { isFileHash } from "./hash-format";

/** One file of a directory output. */
export interface DirEntry {
  /** POSIX path relative to the directory, no `.`/`..`/empty segments. */
  path: string;
  /** Content hash of the file (32 hex). */
  hash: string;
  /** Size in bytes. */
  size: number;
  /** Any executable bit was set. */
  exec: boolean;
}

/**
 * Canonical description of a directory: its files sorted by path (plain code-unit order).
 * Folders are implied by file paths; empty folders are not recorded (as in git and DVC).
 */
export interface DirManifest {
  version: 1;
  entries: DirEntry[];
}

/** Plain code-unit order (never locale-dependent), the manifest's canonical order. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Canonical bytes of a manifest: `{"version":1,"entries":[{"path":…,"hash":…,"size":…,"exec":…}]}`,
 * keys in that order, no whitespace, entries sorted by path. The directory hash is the hash of these.
 */
export function serializeManifest(manifest: DirManifest): string {
  const entries = [...manifest.entries].sort((a, b) => comparePaths(a.path, b.path));
  const parts = entries.map(
    (e) => `{"path":${JSON.stringify(e.path)},"hash":${JSON.stringify(e.hash)},"size":${e.size},"exec":${e.exec}}`,
  );
  return `{"version":1,"entries":[${parts.join(",")}]}`;
}

function corrupt(where: string, problem: string): PivotError {
  return new PivotError("CACHE_CORRUPT", `Directory manifest ${where} is invalid: ${problem}`, {
    hint: "The cache object is damaged; remove it and re-run the stage, or fetch it again from a remote.",
  });
}

function isSafeRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\0")) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

function parseEntry(raw: unknown, index: number, where: string): DirEntry {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw corrupt(where, `entry ${index} is not an object`);
  const { path, hash, size, exec } = raw as Record<string, unknown>;
  if (typeof path !== "string" || !isSafeRelativePath(path)) {
    throw corrupt(where, `entry ${index} has an unsafe or missing path ${JSON.stringify(path)}`);
  }
  if (typeof hash !== "string" || !isFileHash(hash)) throw corrupt(where, `entry '${path}' has a bad hash`);
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw corrupt(where, `entry '${path}' has a bad size`);
  }
  if (typeof exec !== "boolean") throw corrupt(where, `entry '${path}' has a bad exec flag`);
  return { path, hash, size, exec };
}

/**
 * Parses and validates manifest bytes: shape, safe relative paths (a manifest may come from a
 * remote, so `..` or absolute paths are refused), strict sort order, and no file that is also
 * another file's folder. Throws PivotError CACHE_CORRUPT naming `where` (e.g. the hash).
 */
export function parseManifest(data: string | Uint8Array, where = "(manifest)"): DirManifest {
  let json: unknown;
  try {
    json = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
  } catch {
    throw corrupt(where, "not valid JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw corrupt(where, "not a JSON object");
  const { version, entries } = json as Record<string, unknown>;
  if (version !== 1) throw corrupt(where, `unsupported version ${JSON.stringify(version)}`);
  if (!Array.isArray(entries)) throw corrupt(where, "'entries' is not a list");
  const parsed = entries.map((raw, index) => parseEntry(raw, index, where));
  const files = new Set<string>();
  for (const [index, entry] of parsed.entries()) {
    const previous = parsed[index - 1];
    if (previous && comparePaths(previous.path, entry.path) >= 0) {
      throw corrupt(where, `entries are not sorted or repeat ('${previous.path}', '${entry.path}')`);
    }
    files.add(entry.path);
  }
  for (const { path } of parsed) {
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
      if (files.has(path.slice(0, slash))) throw corrupt(where, `'${path.slice(0, slash)}' is both a file and a folder`);
    }
  }
  return { version: 1, entries: parsed };
}
