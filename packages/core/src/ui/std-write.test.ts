import { expect, test } from "bun:test";
import { join } from "node:path";

const STD_WRITE = join(import.meta.dir, "std-write.ts");

/** Runs a script importing std-write with stdout and stderr in one pipe (their write order preserved). */
async function combined(body: string): Promise<string> {
  const script = `import { holdStderr, writeStderr, writeStdout } from ${JSON.stringify(STD_WRITE)};\nimport { writeSync } from "node:fs";\n${body}`;
  const proc = Bun.spawn(["sh", "-c", 'exec bun -e "$0" 2>&1', script], { stdout: "pipe" });
  const out = await new Response(proc.stdout).text();
  expect(await proc.exited).toBe(0);
  return out;
}

test("held stderr keeps its order with stdout, and what is held when the process exits is written", async () => {
  expect(await combined('holdStderr(); writeStderr("a\\n"); writeStderr("b\\n"); writeStdout("c\\n"); writeStderr("d\\n"); process.exit(0);')).toBe("a\nb\nc\nd\n");
});

test("held stderr is written within its window without a release, and at once after it", async () => {
  const out = await combined('const release = holdStderr(); writeStderr("1\\n"); await Bun.sleep(200); writeSync(1, "2\\n"); writeStderr("3\\n"); release(); writeSync(1, "4\\n"); writeStderr("5\\n"); writeSync(1, "6\\n");');
  expect(out).toBe("1\n2\n3\n4\n5\n6\n");
});
