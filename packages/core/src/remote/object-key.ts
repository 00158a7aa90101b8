import { isValidHash } from "../hash/hash-format";

/**
 * Where an object lives inside a remote: `files/<h[0:2]>/<h[2:]>`, the layout of the local cache
 * (a `.dir` hash keeps its suffix). Backends put it under their own prefix.
 */
export function objectKeyOf(hash: string): string {
  return `files/${hash.slice(0, 2)}/${hash.slice(2)}`;
}

/** Folder of one shard of objects: `files/<shard>/`. */
export function shardKeyOf(shard: string): string {
  return `files/${shard}/`;
}

/** The hash an object key names (the part after the backend's prefix), or undefined for other keys. */
export function hashOfObjectKey(key: string): string | undefined {
  const match = /(?:^|\/)files\/([0-9a-f]{2})\/([0-9a-f]{30}(?:\.dir)?)$/.exec(key);
  if (!match) return undefined;
  const hash = `${match[1]}${match[2]}`;
  return isValidHash(hash) ? hash : undefined;
}

/** The two-hex shard of a hash. */
export function shardOf(hash: string): string {
  return hash.slice(0, 2);
}
