import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createLocalRemote } from "./local-remote";

const A = "0123456789abcdef0123456789abcdef";
const D = "fedcba9876543210fedcba9876543210.dir";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "pivot-local-remote-"));
  const remote = createLocalRemote(pathToFileURL(join(dir, "remote")), { name: "t", settings: {}, projectRoot: dir, jobs: 4 });
  const source = join(dir, "source.bin");
  writeFileSync(source, "payload");
  return { dir, remote, source };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("local folder remote", () => {
  test("objects go to files/<h[0:2]>/<h[2:]> and come back", async () => {
    const { dir, remote, source } = setup();
    await remote.put(A, source);
    await remote.put(D, source);
    expect(readFileSync(join(dir, "remote/files/01/23456789abcdef0123456789abcdef"), "utf8")).toBe("payload");
    expect(readdirSync(join(dir, "remote/files/01"))).toEqual(["23456789abcdef0123456789abcdef"]);
    expect(await remote.exists([A, D, "1".repeat(32)])).toEqual([
      { hash: A, sizeBytes: 7 },
      { hash: D, sizeBytes: 7 },
    ]);
    expect((await collect(remote.list())).map((o) => o.hash).sort()).toEqual([A, D]);
    expect((await collect(remote.list("01"))).map((o) => o.hash)).toEqual([A]);
    const target = join(dir, "back.bin");
    expect(await remote.get(A, target)).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("payload");
  });

  test("a missing object is `false` on get, and delete is idempotent", async () => {
    const { dir, remote, source } = setup();
    expect(await remote.get(A, join(dir, "x"))).toBe(false);
    await remote.put(A, source);
    await remote.delete([A, A]);
    expect(await remote.exists([A])).toEqual([]);
  });

  test("records round-trip and are listed by prefix", async () => {
    const { remote } = setup();
    await remote.putRecord!("runs/.pivot/train/abc", "{}");
    await remote.putRecord!("runs/.pivot/test/def", "{\"x\":1}");
    expect(await remote.getRecord!("runs/.pivot/test/def")).toBe("{\"x\":1}");
    expect(await remote.getRecord!("runs/.pivot/nope/x")).toBeUndefined();
    expect((await collect(remote.listRecords!("runs/"))).sort()).toEqual(["runs/.pivot/test/def", "runs/.pivot/train/abc"]);
    expect(await collect(remote.listRecords!("runs/.pivot/train/"))).toEqual(["runs/.pivot/train/abc"]);
  });

  test("createRecord writes a free key once and never replaces it, leaving no temp file", async () => {
    const { remote } = setup();
    expect(await remote.createRecord!("runs/.pivot/train/abc", "first")).toBe(true);
    expect(await remote.createRecord!("runs/.pivot/train/abc", "second")).toBe(false);
    expect(await remote.getRecord!("runs/.pivot/train/abc")).toBe("first");
    const both = await Promise.all([remote.createRecord!("runs/.pivot/train/race", "a"), remote.createRecord!("runs/.pivot/train/race", "b")]);
    expect(both.filter(Boolean).length).toBe(1);
    expect((await collect(remote.listRecords!("runs/"))).sort()).toEqual(["runs/.pivot/train/abc", "runs/.pivot/train/race"]);
  });

  test("a path that is a file is refused with a clear error", () => {
    const { dir, source } = setup();
    expect(() => createLocalRemote(pathToFileURL(source), { name: "t", settings: {}, projectRoot: dir, jobs: 1 })).toThrow("is not a folder");
  });
});
