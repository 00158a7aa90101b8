import { test } from "bun:test";
import { basename } from "node:path";

/**
 * Runs what a test file needs before its tests (a browser, an S3 server, a shell, a project) while
 * the file loads, and tells whether it started. Call it at the top level with `await`, instead of
 * a file-level `beforeAll`.
 *
 * Bun 1.4 reports a failing `beforeAll` as a failed test named "(unnamed)", and an error thrown
 * while the file loads as an unnamed "error between tests". Here a setup that fails becomes one
 * failing test named `<file> cannot start: <why>` (its error in full below it). The file's other
 * tests are never skipped: they run and fail too, so a missing browser, server or cluster always
 * fails the run loudly (in CI, `.ci/run` installs them).
 */
export async function startTestFile(meta: ImportMeta, setup: () => void | Promise<void>): Promise<boolean> {
  try {
    await setup();
    return true;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
    test(`${basename(meta.path)} cannot start: ${why.length > 200 ? `${why.slice(0, 200)}…` : why}`, () => {
      throw error;
    });
    return false;
  }
}

export { requireExecutable } from "./require-executable";
