/** Options core hands to a remote; backends read what they understand. */
export interface RemoteOptions {
  /** Remote name in config (`origin`), or the URL itself when given with `--remote <url>`. */
  name: string;
  /** Settings from `remotes.<name>` in config, minus `url` (`endpoint`, `region`, …). */
  settings: Record<string, unknown>;
  /** Absolute project root (to resolve relative local paths). */
  projectRoot: string;
  /** Parallel transfers core will run (backends may size their own pools by it). */
  jobs: number;
}

export interface RemoteObjectInfo {
  /** Object hash as in the cache: 32 hex, plus `.dir` for a directory manifest. */
  hash: string;
  sizeBytes?: number;
  /**
   * When the object was written (ms since the epoch), when a listing tells it: `gc --remote` never
   * deletes an object younger than its grace period, so a backend without it needs `--grace 0`.
   */
  modifiedAtMs?: number;
}

/** Per-transfer hooks core passes to `put`/`get`. */
export interface TransferHooks {
  /** Size of the object, when core knows it (always for `put`). */
  sizeBytes?: number;
  /** Called with the number of bytes moved since the last call (for progress bars). */
  onBytes?(bytes: number): void;
}

/**
 * A content-addressed object store somewhere else. Objects are named by their hash (`<32 hex>` or
 * `<32 hex>.dir`); a backend lays them out as it likes (the built-ins mirror the cache:
 * `files/<h[0:2]>/<h[2:]>`). Core owns batching, concurrency, retries and hash verification, so
 * each method does one thing once. Throw an error with `transient: true` (see `transientError`)
 * for failures worth retrying (dropped connection, 5xx, throttling); network errors with the usual
 * codes (ECONNRESET, ConnectionRefused, …) are recognised as transient too. Throw a PivotError for
 * failures the user must fix (bad credentials, missing bucket): it is shown as is.
 */
export interface Remote {
  /** The remote's URL, for messages. */
  readonly url: string;
  /**
   * What identifies the store in the remote index, when the URL alone does not (an S3 URL on
   * another endpoint is another store). Defaults to the URL. Never put secrets in it.
   */
  readonly indexKey?: string;
  /**
   * Which of `hashes` exist (a HEAD per object or a batch call), with their size when the answer
   * carries it: core re-uploads an object whose size differs from the local one (a truncated
   * upload on a store that is not atomic). Core passes small batches (≤ 32) and runs several at
   * once; a backend may check one batch's hashes in parallel.
   */
  exists(hashes: readonly string[]): Promise<RemoteObjectInfo[]>;
  /**
   * Every object whose hash starts with `shard` (two hex chars), or every object when omitted.
   * Core uses it instead of `exists` when a listing is cheaper (many hashes, small remote).
   */
  list(shard?: string): AsyncIterable<RemoteObjectInfo>;
  /**
   * Uploads a local file as object `hash`. Must never leave a partial object visible under that
   * name (write elsewhere and rename, or a single PUT / completed multipart upload).
   */
  put(hash: string, localFile: string, hooks?: TransferHooks): Promise<void>;
  /**
   * Downloads object `hash` into `localFile` (a temp path chosen by core, which verifies the
   * content before it enters the cache). Returns false when the object does not exist.
   */
  get(hash: string, localFile: string, hooks?: TransferHooks): Promise<boolean>;
  delete(hashes: readonly string[]): Promise<void>;
  /** Small named records next to the objects (shared run-cache entries). Keys use `/` and [A-Za-z0-9._%@-]. */
  putRecord?(key: string, body: string): Promise<void>;
  /**
   * Writes a record only when none has this key, in one atomic step (an exclusive create, a
   * conditional PUT); returns false, writing nothing, when one exists. Run-cache records are
   * written once: without this method core reads the key first, then calls `putRecord`.
   */
  createRecord?(key: string, body: string): Promise<boolean>;
  /** A record's body, or undefined when there is none. */
  getRecord?(key: string): Promise<string | undefined>;
  /** Keys of the records starting with `prefix`. */
  listRecords?(prefix: string): AsyncIterable<string>;
  /** Removes records (`gc --remote` drops stale run-cache entries); missing keys are ignored. */
  deleteRecords?(keys: readonly string[]): Promise<void>;
  close?(): Promise<void>;
}

/** Registered per URL scheme (`file`, `s3`); a plain path in config means `file`. */
export interface RemoteBackend {
  scheme: string;
  create(url: URL, options: RemoteOptions): Remote | Promise<Remote>;
}
