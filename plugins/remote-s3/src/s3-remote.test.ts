import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestS3Server, startS3Server } from "../../../tests/support/s3-server";
import { startTestFile } from "../../../tests/support/start-test-file";
import { createS3Remote } from "./s3-remote";

let server: TestS3Server;
await startTestFile(import.meta, async () => {
  server = await startS3Server("unit");
});
afterAll(async () => {
  await server?.dispose();
});

function remote(prefix: string) {
  return createS3Remote(new URL(`s3://unit/${prefix}`), {
    name: "t",
    settings: { endpoint: server.endpoint, region: "us-east-1", access_key_id: "S3RVER", secret_access_key: "S3RVER" },
    projectRoot: "/",
    jobs: 8,
  });
}

function hashOf(i: number): string {
  return new Bun.CryptoHasher("md5").update(String(i)).digest("hex");
}

describe("S3 remote against s3rver", () => {
  test("objects mirror the cache layout under the prefix, and come back", async () => {
    const r = remote("layout");
    const dir = mkdtempSync(join(tmpdir(), "pivot-s3-unit-"));
    writeFileSync(join(dir, "in"), "content");
    const hash = hashOf(1);
    await r.put(hash, join(dir, "in"), { sizeBytes: 7 });
    expect(await server.client.exists(`layout/files/${hash.slice(0, 2)}/${hash.slice(2)}`)).toBe(true);
    expect(await r.exists([hash, hashOf(2)])).toEqual([{ hash, sizeBytes: 7 }]);
    expect(await r.get(hash, join(dir, "out"))).toBe(true);
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("content");
    expect(await r.get(hashOf(2), join(dir, "missing"))).toBe(false);
  });

  test("listing pages through more than 1000 objects", async () => {
    const r = remote("paged");
    const keys = Array.from({ length: 1200 }, (_, i) => hashOf(i));
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < keys.length) {
          const hash = keys[next++]!;
          await server.client.write(`paged/files/${hash.slice(0, 2)}/${hash.slice(2)}`, "x");
        }
      }),
    );
    const listed: string[] = [];
    for await (const info of r.list()) listed.push(info.hash);
    expect(listed.length).toBe(1200);
    expect(new Set(listed).size).toBe(1200);
  }, 60_000);

  test("records round-trip and list by prefix", async () => {
    const r = remote("records");
    await r.putRecord!("runs/.pivot/a/1", "{}");
    await r.putRecord!("runs/.pivot/b/2", "{}");
    expect(await r.getRecord!("runs/.pivot/a/1")).toBe("{}");
    expect(await r.getRecord!("runs/.pivot/a/9")).toBeUndefined();
    const keys: string[] = [];
    for await (const key of r.listRecords!("runs/.pivot/a/")) keys.push(key);
    expect(keys).toEqual(["runs/.pivot/a/1"]);
  });
});
