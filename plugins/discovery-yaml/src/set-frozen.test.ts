import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFrozenInYaml } from "./set-frozen";

const dir = mkdtempSync(join(tmpdir(), "pivot-set-frozen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function edit(text: string, key: string, frozen: boolean): Promise<{ changed: boolean; text: string }> {
  const file = join(dir, `pivot-${n++}.yaml`);
  writeFileSync(file, text);
  const changed = await setFrozenInYaml(file, key, frozen);
  return { changed, text: readFileSync(file, "utf8") };
}

describe("setFrozenInYaml", () => {
  test("adds one line at the end of a block stage, keeping comments and flow lists as written", async () => {
    const text = "# pipeline\nstages:\n  a:\n    cmd: cp in.txt a.txt   # copy\n    deps: [in.txt]\n    outs:\n      - a.txt\n\n  # the next one\n  b:\n    cmd: echo b\n";
    const { changed, text: after } = await edit(text, "a", true);
    expect(changed).toBe(true);
    expect(after).toBe("# pipeline\nstages:\n  a:\n    cmd: cp in.txt a.txt   # copy\n    deps: [in.txt]\n    outs:\n      - a.txt\n    frozen: true\n\n  # the next one\n  b:\n    cmd: echo b\n");
    expect((Bun.YAML.parse(after) as { stages: Record<string, { frozen?: boolean }> }).stages.a!.frozen).toBe(true);
  });

  test("unfreezing removes exactly that line; freezing twice changes nothing", async () => {
    const frozen = "stages:\n  a:\n    cmd: echo a   # say a\n    frozen: true   # for now\n  b:\n    cmd: echo b\n";
    const thawed = await edit(frozen, "a", false);
    expect(thawed).toEqual({ changed: true, text: "stages:\n  a:\n    cmd: echo a   # say a\n  b:\n    cmd: echo b\n" });
    expect(await edit(frozen, "a", true)).toEqual({ changed: false, text: frozen });
    expect((await edit("stages:\n  a:\n    cmd: x\n", "a", false)).changed).toBe(false);
  });

  test("`frozen: false` is turned into true in place", async () => {
    expect((await edit("stages:\n  a:\n    frozen: false\n    cmd: x\n", "a", true)).text).toBe("stages:\n  a:\n    frozen: true\n    cmd: x\n");
  });

  test("a last value in block scalar or nested map form, a file without final newline, CRLF", async () => {
    expect((await edit("stages:\n  a:\n    cmd: |\n      echo one\n      echo two\n", "a", true)).text).toBe("stages:\n  a:\n    cmd: |\n      echo one\n      echo two\n    frozen: true\n");
    expect((await edit("stages:\n  a:\n    cmd: x\n    matrix:\n      v: [1, 2]", "a", true)).text).toBe("stages:\n  a:\n    cmd: x\n    matrix:\n      v: [1, 2]\n    frozen: true\n");
    expect((await edit("stages:\r\n  a:\r\n    cmd: x\r\n", "a", true)).text).toBe("stages:\r\n  a:\r\n    cmd: x\r\n    frozen: true\r\n");
  });

  test("a flow-style stage is rewritten through the document", async () => {
    const { text } = await edit("stages:\n  a: {cmd: echo a, outs: [a.txt]}  # short\n", "a", true);
    expect(Bun.YAML.parse(text)).toEqual({ stages: { a: { cmd: "echo a", outs: ["a.txt"], frozen: true } } });
    expect(text).toContain("# short");
  });

  test("a stage written as an alias is refused, naming the file", async () => {
    await expect(edit("base: &b\n  cmd: x\nstages:\n  a: *b\n", "a", true)).rejects.toThrow("stage 'a' is not written as a map");
  });
});
