/**
 * A map keyed by path *components*, so containment questions are answered per segment:
 * `data/t` is not a prefix of `data/train.csv`, and `data` is not a prefix of `data-backup`.
 * Keys are project-relative POSIX paths; trailing slashes and `.` segments add nothing
 * (`"."` is the root, which contains every other key).
 */

export interface TrieEntry<T> {
  /** The key, normalised (`data/raw`, never `data/raw/`). */
  path: string;
  value: T;
}

interface TrieNode<T> {
  /** Absent on leaves (most nodes: one per output file), so a leaf costs no Map. */
  children?: Map<string, TrieNode<T>>;
  entry?: TrieEntry<T>;
}

/** The components of a project-relative path; `"."` and `""` have none. */
export function pathSegments(path: string): string[] {
  if (path === "." || path === "") return [];
  const parts = path.split("/");
  return parts.includes("") || parts.includes(".") ? parts.filter((part) => part !== "" && part !== ".") : parts;
}

export class PathTrie<T> {
  readonly #root: TrieNode<T> = { children: new Map() };
  #size = 0;

  /** Number of stored keys. */
  get size(): number {
    return this.#size;
  }

  /** Stores `value` under `path`, replacing what was there. */
  set(path: string, value: T): void {
    const segments = pathSegments(path);
    let node = this.#root;
    for (const segment of segments) {
      let child = node.children?.get(segment);
      if (child === undefined) {
        child = {};
        (node.children ??= new Map()).set(segment, child);
      }
      node = child;
    }
    if (node.entry === undefined) this.#size++;
    const normalised = segments.join("/") || ".";
    // The caller's string when it was already normal: one path string per output, not two.
    node.entry = { path: normalised === path ? path : normalised, value };
  }

  /** The entry stored exactly at `path`. */
  entryAt(path: string): TrieEntry<T> | undefined {
    return this.#nodeAt(path)?.entry;
  }

  /** The value stored exactly at `path`. */
  get(path: string): T | undefined {
    return this.entryAt(path)?.value;
  }

  /** Entries whose key is a folder strictly containing `path`, outermost first. */
  ancestorsOf(path: string): TrieEntry<T>[] {
    const found: TrieEntry<T>[] = [];
    let node: TrieNode<T> | undefined = this.#root;
    for (const segment of pathSegments(path)) {
      if (node.entry !== undefined) found.push(node.entry);
      node = node.children?.get(segment);
      if (node === undefined) break;
    }
    return found;
  }

  /**
   * Entries overlapping `path` in one walk: the folders holding it (outermost first), the entry at
   * it, then the entries inside it (depth first).
   */
  overlapping(path: string): TrieEntry<T>[] {
    const found: TrieEntry<T>[] = [];
    let node: TrieNode<T> | undefined = this.#root;
    for (const segment of pathSegments(path)) {
      if (node.entry !== undefined) found.push(node.entry);
      node = node.children?.get(segment);
      if (node === undefined) return found;
    }
    if (node.entry !== undefined) found.push(node.entry);
    this.#walkInside(node, (entry) => {
      found.push(entry);
      return false;
    });
    return found;
  }

  /** Entries strictly inside `path`, depth first, siblings in insertion order. */
  descendantsOf(path: string): TrieEntry<T>[] {
    const found: TrieEntry<T>[] = [];
    this.#walkInside(this.#nodeAt(path), (entry) => {
      found.push(entry);
      return false;
    });
    return found;
  }

  /** Every entry, depth first. */
  entries(): TrieEntry<T>[] {
    const root = this.#root.entry;
    return root === undefined ? this.descendantsOf(".") : [root, ...this.descendantsOf(".")];
  }

  /** Visits entries below `start` depth first until `visit` returns true. */
  #walkInside(start: TrieNode<T> | undefined, visit: (entry: TrieEntry<T>) => boolean): void {
    if (start?.children === undefined) return;
    const stack = [...start.children.values()].reverse();
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.entry !== undefined && visit(node.entry)) return;
      if (node.children !== undefined) stack.push(...[...node.children.values()].reverse());
    }
  }

  #nodeAt(path: string): TrieNode<T> | undefined {
    let node: TrieNode<T> | undefined = this.#root;
    for (const segment of pathSegments(path)) {
      node = node.children?.get(segment);
      if (node === undefined) return undefined;
    }
    return node;
  }
}
