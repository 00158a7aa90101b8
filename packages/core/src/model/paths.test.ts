import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { resolve } from "node:path";
import { fromProjectPath, resolveDeclaredPath } from "./paths";

const ROOT = "/work/proj";
const dep = (baseDir: string, raw: string, role = "dep") =>
  resolveDeclaredPath(ROOT, baseDir, raw, { role, where: "beta/pivot.yaml:4: stage 'train'" });

function errorOf(action: () => unknown): PivotError {
  try {
    action();
  } catch (error) {
    if (error instanceof PivotError) return error;
    throw error;
  }
  throw new Error("expected a PivotError");
}

describe("resolveDeclaredPath", () => {
  test("a relative path is taken from the pipeline folder", () => {
    expect(dep("beta", "data/x.csv")).toEqual({ path: "beta/data/x.csv", trailingSlash: false });
    expect(dep(".", "./x.csv").path).toBe("x.csv");
  });

  test("'..' that stays inside the project is normalised to the project-relative path", () => {
    expect(dep("beta", "../alpha/a.txt").path).toBe("alpha/a.txt");
    expect(dep("models/deep", "../../data/shared.csv").path).toBe("data/shared.csv");
    expect(dep("beta", "a/../b").path).toBe("beta/b");
    expect(dep(".", "a/../b").path).toBe("b");
  });

  test("every spelling of one file gives the same path", () => {
    const spellings = ["../alpha/a.txt", "//alpha/a.txt", `${ROOT}/alpha/a.txt`, "./../alpha/./a.txt", "..\\alpha\\a.txt", "//beta/../alpha/a.txt"];
    expect(new Set(spellings.map((raw) => dep("beta", raw).path))).toEqual(new Set(["alpha/a.txt"]));
  });

  test("'//x' is x from the project root", () => {
    expect(dep("models", "//data/shared.csv").path).toBe("data/shared.csv");
  });

  test("an absolute path inside the project becomes its project-relative path", () => {
    expect(dep("models", "/work/proj/x").path).toBe("x");
    expect(dep("models", "/work/proj/models/../data/y.csv").path).toBe("data/y.csv");
  });

  test("a trailing slash is kept as a flag and dropped from the path", () => {
    expect(dep("beta", "../shared/models/")).toEqual({ path: "shared/models", trailingSlash: true });
    expect(dep("beta", "//out/")).toEqual({ path: "out", trailingSlash: true });
    expect(dep("beta", `${ROOT}/out/`)).toEqual({ path: "out", trailingSlash: true });
  });

  test("wdir may name the project root, other roles may not", () => {
    expect(dep("beta", "..", "wdir").path).toBe(".");
    expect(dep("beta", "//", "wdir").path).toBe(".");
    expect(errorOf(() => dep("beta", "..")).message).toContain("names the project root itself");
  });

  test("'..' leaving the project names the folder it resolves to and the project", () => {
    const error = errorOf(() => dep("beta", "../../x"));
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toBe("beta/pivot.yaml:4: stage 'train': dep path '../../x' resolves to /work/x, outside the project /work/proj");
    expect(error.hint).toContain("copy it in with a stage");
    expect(errorOf(() => dep(".", "//../other/y")).message).toContain("resolves to /work/other/y, outside the project /work/proj");
  });

  test("an absolute path outside the project suggests the '//' and '../' spellings", () => {
    const error = errorOf(() => resolveDeclaredPath(ROOT, "models", "/data/shared.csv", { role: "dep", where: "models/pivot.yaml:5: stage 'prepare'" }));
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toBe("models/pivot.yaml:5: stage 'prepare': dep path '/data/shared.csv' is an absolute path outside the project /work/proj");
    expect(error.hint).toContain("If you meant the project's own data/shared.csv, write //data/shared.csv or ../data/shared.csv.");
    expect(error.hint).toContain("For a file really outside the project, copy it in with a stage, or move the project root up");
    expect(errorOf(() => dep(".", "/data/")).hint).toContain("write //data/ or data/.");
  });

  test("NUL bytes, line breaks and empty paths are refused with the path quoted", () => {
    expect(errorOf(() => dep("beta", "a\0b")).message).toBe(`beta/pivot.yaml:4: stage 'train': dep path "a\\u0000b" contains a NUL byte`);
    expect(errorOf(() => dep("beta", "a\nb")).message).toBe(`beta/pivot.yaml:4: stage 'train': dep path "a\\nb" contains a line break`);
    expect(errorOf(() => dep("beta", "a\rb")).message).toContain("contains a line break");
    expect(errorOf(() => dep("beta", " ")).message).toContain("is empty");
  });

  test("an absolute path through a symlink to the project is inside it", () => {
    const base = mkdtempSync(join(tmpdir(), "pivot-paths-"));
    try {
      const root = join(base, "real");
      mkdirSync(join(root, "data"), { recursive: true });
      symlinkSync(root, join(base, "link"));
      const ctx = { role: "dep", where: "pivot.yaml" };
      expect(resolveDeclaredPath(root, ".", join(base, "link", "data", "new.csv"), ctx).path).toBe("data/new.csv");
      expect(() => resolveDeclaredPath(root, ".", join(dirname(base), "elsewhere.csv"), ctx)).toThrow("outside the project");
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("fromProjectPath", () => {
  test("gives what path.resolve gives, for plain paths and every form resolve normalises", () => {
    const roots = ["/work/proj", "/", "/work/proj/", "/work//proj", "/work/./proj", "/work/x/../proj"];
    const paths = ["a", "a/b.txt", "data/raw/x.csv", ".hidden/f", "a..b", "..a", "a/.b", "a/b.", "./a", "a/./b", "a/../b", "..", "../x", "a/", "a//b", "/abs/x", "a/.", "a/.."];
    for (const root of roots) for (const path of paths) expect(fromProjectPath(root, path)).toBe(resolve(root, path));
  });

  test("'.' is the root itself", () => {
    expect(fromProjectPath("/work/proj", ".")).toBe("/work/proj");
  });
});
