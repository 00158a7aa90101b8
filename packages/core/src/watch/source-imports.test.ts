import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { localSourceFiles } from "./source-imports";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-watch-imports-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("localSourceFiles", () => {
  test("follows local imports transitively, leaving out packages and builtins", () => {
    const root = project({
      "pipeline.ts": 'import { a } from "./lib/a";\nimport { readFileSync } from "node:fs";\nimport yaml from "some-package";\n',
      "lib/a.ts": 'export * from "./b";\nexport const a = () => import("./lazy");\n',
      "lib/b.ts": "export const b = 1;\n",
      "lib/lazy.ts": "export const lazy = 1;\n",
      "lib/unused.ts": "export const unused = 1;\n",
      "node_modules/some-package/index.js": "export default 1;\n",
    });
    expect([...localSourceFiles(root, ["pipeline.ts"])].sort()).toEqual(["lib/a.ts", "lib/b.ts", "lib/lazy.ts", "pipeline.ts"]);
  });

  test("a file that does not parse stays listed and the walk goes on", () => {
    const root = project({ "pipeline.ts": 'import "./broken";\n', "broken.ts": "export const = ;\n" });
    expect([...localSourceFiles(root, ["pipeline.ts"])].sort()).toEqual(["broken.ts", "pipeline.ts"]);
  });

  test("entries that are not code files are not followed", () => {
    const root = project({ "pivot.yaml": "stages: {}\n" });
    expect([...localSourceFiles(root, ["pivot.yaml"])]).toEqual([]);
  });
});
