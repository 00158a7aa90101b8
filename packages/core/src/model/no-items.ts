/**
 * One frozen empty list, shared by every stage and every prediction that has nothing in a list
 * field (no params, no mutex groups, nothing to restore, no reasons). An empty array costs ~80 bytes
 * of memory, and a pipeline of 100 000 stages holds several per stage. Frozen: code that pushes to
 * one of these fields instead of building its own list fails at once.
 */
export const NO_ITEMS: never[] = Object.freeze([]) as never[];

/** `items`, or the shared empty list when it is empty. */
export function orNoItems<T>(items: T[]): T[] {
  return items.length === 0 ? NO_ITEMS : items;
}
