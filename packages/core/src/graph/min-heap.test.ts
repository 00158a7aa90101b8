import { expect, test } from "bun:test";
import { MinHeap } from "./min-heap";

test("pops the smallest first, whatever the order pushed, until empty", () => {
  const heap = new MinHeap();
  const values = [5, 3, 9, 1, 1, 7, 0, 12, 4];
  for (const value of values) heap.push(value);
  const popped: number[] = [];
  for (let value = heap.pop(); value !== undefined; value = heap.pop()) popped.push(value);
  expect(popped).toEqual([...values].sort((a, b) => a - b));
  heap.push(2);
  expect(heap.pop()).toBe(2);
  expect(heap.pop()).toBeUndefined();
});
