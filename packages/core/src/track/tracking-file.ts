import { toMachineYaml } from "../fs/machine-yaml";
import { existsSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { errorMessage } from "../errors/pivot-error";
import { writeFileAtomic } from "../fs/atomic-write";
import { HASH_ALGORITHM, isDirHash, isValidHash } from "../hash/hash-format";
import { fromProjectPath } from "../model/paths";

/**
 * Tracking files: `pivot track data.csv` stores the data in the cache and writes `data.csv.pvt`
 * beside it, a small YAML file meant for git. The data path is always the tracking file's path
 * minus `.pvt` (a folder `images/` is tracked by `images.pvt`), the rule `graph/path-exists.ts`
 * relies on too. Format: docs/tracking-files.md.
 */
export const TRACKING_SUFFIX = ".pvt";
export const TRACKING_SCHEMA = 1;

/** What a tracking file records about its data (paths project-relative). */
export interface TrackingRecord {
  /** Project-relative path of the tracked file or folder. */
  path: string;
  /** Content hash (`<hex>` for a file, `<hex>.dir` for a folder). */
  hash: string;
  sizeBytes: number;
  /** Number of files, for folders. */
  files?: number;
}

export type TrackingRead =
  | { kind: "ok"; record: TrackingRecord }
  | { kind: "missing" }
  | { kind: "invalid"; file: string; problem: string };

const KEYS = new Set(["schema", "hash_algorithm", "path", "hash", "size", "files"]);

/** `data/raw.csv` → `data/raw.csv.pvt`. */
export function trackingFileOf(dataPath: string): string {
  return `${dataPath}${TRACKING_SUFFIX}`;
}

/** `data/raw.csv.pvt` → `data/raw.csv`. */
export function dataPathOf(trackingFile: string): string {
  return trackingFile.endsWith(TRACKING_SUFFIX) ? trackingFile.slice(0, -TRACKING_SUFFIX.length) : trackingFile;
}

export function isTrackingFile(path: string): boolean {
  return path.endsWith(TRACKING_SUFFIX) && posix.basename(path) !== TRACKING_SUFFIX;
}

const HEADER = (path: string) =>
  `# pivot tracking file: ${path} is stored in the pivot cache; commit this file to git.\n` +
  `# Restore the data with \`pivot checkout ${path}\`; record a change with \`pivot track ${path}\`.\n`;

/** Stable YAML: fixed key order, the hash a quoted string. `path` is the data's name beside this file. */
export function serializeTrackingFile(record: TrackingRecord): string {
  const name = posix.basename(record.path);
  const doc = {
    schema: TRACKING_SCHEMA,
    hash_algorithm: HASH_ALGORITHM,
    path: name,
    hash: record.hash,
    size: record.sizeBytes,
    ...(record.files !== undefined ? { files: record.files } : {}),
  };
  return HEADER(record.path) + toMachineYaml(doc);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Parses the text of the tracking file at project path `trackingFile`; throws an Error whose
 * message says what is wrong (the caller names the file).
 */
export function parseTrackingFile(text: string, trackingFile: string): TrackingRecord {
  let raw: unknown;
  try {
    raw = Bun.YAML.parse(text);
  } catch (error) {
    throw new Error(`not valid YAML (${errorMessage(error)})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("not a mapping");
  const doc = raw as Record<string, unknown>;
  const unknown = Object.keys(doc).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) throw new Error(`unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")}`);
  if (doc.schema !== TRACKING_SCHEMA) throw new Error(`unknown schema ${JSON.stringify(doc.schema)} (expected ${TRACKING_SCHEMA})`);
  if (doc.hash_algorithm !== HASH_ALGORITHM) {
    throw new Error(`hash_algorithm ${JSON.stringify(doc.hash_algorithm)} is not ${HASH_ALGORITHM}`);
  }
  const dataPath = dataPathOf(trackingFile);
  if (doc.path !== posix.basename(dataPath)) {
    throw new Error(`'path' is ${JSON.stringify(doc.path)} but this file tracks '${posix.basename(dataPath)}' (the data is named after the file)`);
  }
  if (typeof doc.hash !== "string" || !isValidHash(doc.hash)) throw new Error(`'hash' ${JSON.stringify(doc.hash)} is not a pivot hash`);
  if (!isCount(doc.size)) throw new Error("'size' must be a whole number of bytes");
  if (isDirHash(doc.hash) !== (doc.files !== undefined)) {
    throw new Error(isDirHash(doc.hash) ? "a folder hash needs 'files'" : "'files' is only for folders");
  }
  if (doc.files !== undefined && !isCount(doc.files)) throw new Error("'files' must be a whole number");
  return { path: dataPath, hash: doc.hash, sizeBytes: doc.size, ...(doc.files !== undefined ? { files: doc.files as number } : {}) };
}

/** Reads the tracking file at project path `trackingFile`; problems are reported, never thrown. */
export function readTrackingFile(projectRoot: string, trackingFile: string): TrackingRead {
  const absolute = fromProjectPath(projectRoot, trackingFile);
  if (!existsSync(absolute)) return { kind: "missing" };
  try {
    return { kind: "ok", record: parseTrackingFile(readFileSync(absolute, "utf8"), trackingFile) };
  } catch (error) {
    return { kind: "invalid", file: trackingFile, problem: errorMessage(error) };
  }
}

/** Writes the tracking file of `record` (beside its data) atomically; returns its project path. */
export function writeTrackingFile(projectRoot: string, record: TrackingRecord): string {
  const file = trackingFileOf(record.path);
  writeFileAtomic(fromProjectPath(projectRoot, file), serializeTrackingFile(record));
  return file;
}
