/** What a lock file records about the last successful run of one stage. */
export interface LockedPath {
  /** Project-relative path. */
  path: string;
  /** Content hash (`<hex>` for files, `<hex>.dir` for directories). */
  hash: string;
  sizeBytes: number;
  /** Number of files, for directories. */
  files?: number;
}

export interface LockedOut extends LockedPath {
  cache: boolean;
}

/** Parameter values by params file, then dotted key. */
export type LockedParams = Record<string, Record<string, unknown>>;

export interface LockData {
  schema: 1;
  stage: string;
  hashAlgorithm: string;
  /** Shell commands (cmd stages). */
  cmd?: string[];
  /** Code fingerprint parts (TS stages): part name → hash. */
  code?: Record<string, string>;
  params: LockedParams;
  deps: LockedPath[];
  outs: LockedOut[];
}

export const LOCK_SCHEMA = 1;
