/** Options core hands to a remote; backends read what they understand. */
export interface RemoteOptions {
  /** Remote name in config (`origin`). */
  name: string;
  /** Settings from `remotes.<name>` in config, minus `url`. */
  settings: Record<string, unknown>;
  /** Absolute project root (to resolve relative local paths). */
  projectRoot: string;
}

export interface RemoteObjectInfo {
  hash: string;
  sizeBytes?: number;
}

/**
 * A content-addressed object store somewhere else. Keys are object hashes; core owns batching,
 * concurrency, retries and verification. Every method may throw; core retries transient errors.
 */
export interface Remote {
  readonly url: string;
  /** Which of `hashes` exist on the remote. */
  exists(hashes: readonly string[]): Promise<Set<string>>;
  /** Upload a local file as object `hash`. Must be atomic on the remote side (no partial objects). */
  put(hash: string, localFile: string): Promise<void>;
  /** Download object `hash` to `localFile` (a temp path chosen by core). */
  get(hash: string, localFile: string): Promise<void>;
  /** Every object hash on the remote (may be expensive). */
  list(): AsyncIterable<RemoteObjectInfo>;
  delete(hashes: readonly string[]): Promise<void>;
  /** Small named records next to the objects (run cache entries). */
  putRecord?(key: string, body: string): Promise<void>;
  getRecord?(key: string): Promise<string | undefined>;
  listRecords?(prefix: string): AsyncIterable<string>;
  close?(): Promise<void>;
}

/** Registered per URL scheme (`file`, `s3`). */
export interface RemoteBackend {
  scheme: string;
  create(url: URL, options: RemoteOptions): Remote | Promise<Remote>;
}
