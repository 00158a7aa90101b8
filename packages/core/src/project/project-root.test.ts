import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { findProjectRoot, projectStateDir, requireProjectRoot, stateDirOfFolder } from "./project-root";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "pivot-root-"));
  mkdirSync(join(root, ".pivot"));
  mkdirSync(join(root, "a", ".pivot"), { recursive: true });
  mkdirSync(join(root, "a", "b", "c"), { recursive: true });
  mkdirSync(join(root, "d"), { recursive: true });
  return root;
}

describe("project root", () => {
  test("is the top-most folder holding .pivot/, from any folder below it", () => {
    const root = tree();
    expect(findProjectRoot(join(root, "a", "b", "c"))).toBe(root);
    expect(findProjectRoot(root)).toBe(root);
  });

  test("outside a project it is undefined, and requiring one says to run pivot init", () => {
    const outside = mkdtempSync(join(tmpdir(), "pivot-none-"));
    expect(findProjectRoot(outside)).toBeUndefined();
    const error = (() => {
      try {
        requireProjectRoot(outside);
      } catch (e) {
        return e as PivotError;
      }
    })();
    expect(error?.code).toBe("PROJECT_NOT_FOUND");
    expect(error?.hint).toContain("pivot init");
  });
});

describe("stateDirOfFolder", () => {
  test("is the nearest .pivot/ at or above the folder, never above the project root", () => {
    const root = tree();
    expect(stateDirOfFolder(root, join(root, "a", "b", "c"))).toBe(join(root, "a", ".pivot"));
    expect(stateDirOfFolder(root, join(root, "a"))).toBe(join(root, "a", ".pivot"));
    expect(stateDirOfFolder(root, join(root, "d"))).toBe(join(root, ".pivot"));
    expect(stateDirOfFolder(root, root)).toBe(projectStateDir(root));
  });
});
