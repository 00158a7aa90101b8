import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// Runs `bun test` on small test files whose setup fails, the way a missing browser or server
// fails the real ones, and reads what bun reports.

const dir = mkdtempSync(join(tmpdir(), "pivot-start-test-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUPPORT = resolve(import.meta.dir);

function fixture(name: string, setup: string, imports = ""): string {
  writeFileSync(
    join(dir, name),
    `import { describe, expect, test } from "bun:test";
import { requireExecutable, startTestFile } from ${JSON.stringify(join(SUPPORT, "start-test-file.ts"))};
${imports}
await startTestFile(import.meta, async () => {
  ${setup}
});
describe("the file's tests", () => {
  test("first", () => expect(requireExecutable).toBeDefined());
  test("second", () => expect(1).toBe(1));
});
`,
  );
  return name;
}

async function bunTest(file: string, env: Record<string, string> = {}) {
  const proc = Bun.spawn(["bun", "test", `./${file}`], { cwd: dir, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { exitCode, output: stdout + stderr };
}

describe("a test file whose setup fails", () => {
  test("fails with one test named after the file and the reason, its tests still run, never (unnamed)", async () => {
    const result = await bunTest(fixture("server-down.test.ts", `throw new Error("the fixture server is down\\nwith more detail");`));
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("(fail) server-down.test.ts cannot start: the fixture server is down");
    expect(result.output).toContain("with more detail");
    expect(result.output).toContain("(pass) the file's tests > first"); // run, not skipped
    expect(result.output).not.toContain("(skip)");
    expect(result.output).toMatch(/\b1 fail\b/);
    expect(result.output).not.toContain("(unnamed)");
    expect(result.output).not.toContain("error between tests");
  });

  test("reads the same in CI, where bun refuses test.only", async () => {
    const result = await bunTest(fixture("server-down-ci.test.ts", `throw new Error("the fixture server is down");`), { CI: "true" });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("(fail) server-down-ci.test.ts cannot start: the fixture server is down");
    expect(result.output).not.toContain("(unnamed)");
  });

  test("without Chromium, says where it looked and what to install", async () => {
    const file = fixture(
      "plots-page.test.ts",
      `await launchChromium("/nonexistent/chromium");`,
      `import { launchChromium } from ${JSON.stringify(join(SUPPORT, "browser.ts"))};`,
    );
    const result = await bunTest(file);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("(fail) plots-page.test.ts cannot start: Chromium not found at /nonexistent/chromium — install it with apt-get install chromium");
    expect(result.output).not.toContain("(unnamed)");
  });

  test("without a program it needs, names the program and its package", async () => {
    const result = await bunTest(fixture("shell.test.ts", `requireExecutable("pivot-no-such-shell", "pivot-shell");`));
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("(fail) shell.test.ts cannot start: pivot-no-such-shell not found on PATH — install it with apt-get install pivot-shell");
  });
});

test("a setup that works runs the file's tests as usual", async () => {
  const result = await bunTest(fixture("fine.test.ts", `requireExecutable("bun");`));
  expect(result.output).toContain("(pass) the file's tests > first");
  expect(result.output).toContain("(pass) the file's tests > second");
  expect(result.output).not.toContain("cannot start");
  expect(result.exitCode).toBe(0);
});
