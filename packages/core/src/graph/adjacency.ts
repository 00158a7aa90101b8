/**
 * Adjacency lists of many stages in one pair of arrays (by stage index): the neighbours of stage i
 * are `items[starts[i] .. starts[i + 1])`. No array or object per stage or edge.
 */
export interface Adjacency {
  starts: Int32Array;
  items: Int32Array;
}

/**
 * Adjacency lists of `size` stages from edge pairs (`keys[k]` has neighbour `values[k]`) by a
 * stable counting sort on the key: each list keeps the pairs' order, so pairs ordered by value give
 * ascending lists.
 */
export function adjacency(size: number, keys: ArrayLike<number>, values: ArrayLike<number>): Adjacency {
  const starts = new Int32Array(size + 1);
  for (let k = 0; k < keys.length; k++) starts[keys[k]! + 1]! += 1;
  for (let i = 1; i <= size; i++) starts[i]! += starts[i - 1]!;
  const items = new Int32Array(keys.length);
  const next = starts.slice(0, size);
  for (let k = 0; k < keys.length; k++) items[next[keys[k]!]!++] = values[k]!;
  return { starts, items };
}

/** Where stage `index`'s neighbours lie in `items`, or undefined for an index out of range. */
export function rangeOf({ starts }: Adjacency, index: number): [start: number, end: number] | undefined {
  const start = starts[index];
  const end = starts[index + 1];
  return start === undefined || end === undefined || !Number.isInteger(index) ? undefined : [start, end];
}
