import { expect, test } from "bun:test";
import { formatLogArgs } from "./worker-console";

test("log arguments are formatted like console.log", () => {
  expect(formatLogArgs(["rows:", 3, { a: 1 }])).toBe(`rows: 3 ${Bun.inspect({ a: 1 })}`);
  expect(formatLogArgs(["%s has %d rows (%i%%)", "clean", 2.5, 7.9, "extra"])).toBe("clean has 2.5 rows (7%) extra");
  expect(formatLogArgs(["%j", { a: [1] }])).toBe('{"a":[1]}');
  expect(formatLogArgs(["100% sure"])).toBe("100% sure");
});
