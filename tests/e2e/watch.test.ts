import { afterEach, describe, expect, test } from "bun:test";
import { hasStackTrace, makeProject } from "../support/project";
import { makeTsProject } from "../support/ts-project";
import { type WatchProcess, isType, nextRun, startWatch } from "../support/watch-process";

const PIPELINE = `stages:
  clean:
    cmd: tr a-z A-Z < data/raw.csv > data/clean.csv
    deps: [data/raw.csv]
    outs: [data/clean.csv]
  report:
    cmd: wc -l < data/clean.csv | tr -d ' ' > report.txt
    deps: [data/clean.csv]
    outs: [report.txt]
  other:
    cmd: cp other.txt other.out
    deps: [other.txt]
    outs: [other.out]
`;

function dataProject() {
  return makeProject({ "pivot.yaml": PIPELINE, "data/raw.csv": "a\n", "other.txt": "x\n" });
}

/** `slow` sleeps for the seconds in delay.txt; it touches `sleeping` once it has read them. */
function slowProject() {
  return makeProject({
    "pivot.yaml": "stages:\n  slow:\n    cmd: d=$(cat delay.txt); touch sleeping; sleep $d; cp in.txt out.txt\n    deps: [in.txt, delay.txt]\n    outs: [out.txt]\n",
    "in.txt": "one\n",
    "delay.txt": "0\n",
  });
}

/** Waits until the slow stage has read its delay and sleeps. */
async function sleeping(project: ReturnType<typeof makeProject>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!project.exists("sleeping")) {
    if (Date.now() > deadline) throw new Error("the slow stage never started sleeping");
    await Bun.sleep(20);
  }
}

/** Each test starts a real watch process and waits on it: far more than the default 5 s. */
const WATCH_TEST_MS = 90_000;

const running: WatchProcess[] = [];
function watch(cwd: string, args: string[] = [], options: { json?: boolean } = {}): WatchProcess {
  const started = startWatch(cwd, args, options);
  running.push(started);
  return started;
}
afterEach(() => {
  for (const w of running.splice(0)) if (w.proc.exitCode === null) w.proc.kill("SIGKILL");
});

/** Waits for the first run to end and watching to begin. */
async function started(w: WatchProcess): Promise<string[]> {
  const { ran } = await nextRun(w, "the first run");
  await w.next(isType("idle"), "the first idle");
  return ran;
}

describe("repro --watch: what runs", () => {
  test("the first run brings everything up to date; a dep edit re-runs that stage and its dependents only", async () => {
    const project = dataProject();
    const w = watch(project.root);
    expect(await started(w)).toEqual(["clean", "other", "report"]);

    project.write("data/raw.csv", "a\nb\n");
    const trigger = await w.next(isType("trigger"), "the trigger of the dep edit");
    expect(trigger).toMatchObject({ cause: "data", changed: ["data/raw.csv"], stages: ["clean", "report"] });
    expect((await nextRun(w, "the re-run")).ran).toEqual(["clean", "report"]);
    await w.next(isType("idle"), "idle after the re-run");
    expect(project.read("data/clean.csv")).toBe("A\nB\n");
    expect(project.read("report.txt").trim()).toBe("2");
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);

  test("editing a TS helper reloads the pipeline and re-runs only the stage using it", async () => {
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";
import { shout } from "./src/text";
export const pipeline = new Pipeline("demo");
pipeline.stage("loud", { deps: { raw: l.text("raw.txt") }, outs: { out: l.text("loud.txt") }, run: ({ raw }) => ({ out: shout(raw) }) });
pipeline.stage("plain", { deps: { raw: l.text("raw.txt") }, outs: { out: l.text("plain.txt") }, run: ({ raw }) => ({ out: raw.trim() }) });
`,
      "src/text.ts": 'export function shout(s: string): string {\n  return s.trim().toUpperCase();\n}\n',
      "raw.txt": "hello\n",
    });
    const w = watch(project.root);
    expect(await started(w)).toEqual(["loud", "plain"]);
    expect(project.read("loud.txt")).toBe("HELLO");

    project.write("src/text.ts", 'export function shout(s: string): string {\n  return `${s.trim().toUpperCase()}!`;\n}\n');
    expect(await w.next(isType("reload"), "the reload")).toMatchObject({ ok: true, changed: ["src/text.ts"] });
    expect(await w.next(isType("trigger"), "the trigger")).toMatchObject({ cause: "reload", stages: ["loud", "plain"] });
    expect((await nextRun(w, "the run after the reload")).ran).toEqual(["loud"]);
    expect(project.read("loud.txt")).toBe("HELLO!");
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);

  test("changes during a run wait for it to end, then run once", async () => {
    const project = slowProject();
    const w = watch(project.root);
    await started(w);
    project.remove("sleeping");
    project.write("delay.txt", "2\n");
    await w.next((e) => e.type === "stage-start" && e.stage === "slow", "the slow stage to start");
    await sleeping(project);
    project.write("in.txt", "two\n");
    project.write("delay.txt", "0\n");
    expect((await nextRun(w, "the slow run")).ended).toMatchObject({ status: "ok" });
    expect(await w.next(isType("trigger"), "the batched trigger")).toMatchObject({ changed: ["delay.txt", "in.txt"], stages: ["slow"] });
    expect((await nextRun(w, "the follow-up run")).ran).toEqual(["slow"]);
    expect(project.read("out.txt")).toBe("two\n");
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);

  test("--restart stops the running stage when a dep changes and starts over", async () => {
    const project = slowProject();
    const w = watch(project.root, ["--restart"]);
    await started(w);
    project.remove("sleeping");
    project.write("delay.txt", "60\n");
    await w.next((e) => e.type === "stage-start" && e.stage === "slow", "the slow stage to start");
    await sleeping(project);
    project.write("in.txt", "two\n");
    project.write("delay.txt", "0\n");
    await w.next(isType("restart"), "the restart");
    expect((await nextRun(w, "the stopped run")).ended).toMatchObject({ status: "interrupted" });
    expect((await nextRun(w, "the run after the restart")).ran).toEqual(["slow"]);
    expect(project.read("out.txt")).toBe("two\n");
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);
});

describe("repro --watch: what does not run", () => {
  test("editing an output or a file under .pivot/ triggers nothing", async () => {
    const project = dataProject();
    const w = watch(project.root);
    await started(w);
    project.write("data/clean.csv", "tampered\n");
    project.write("report.txt", "99\n");
    project.write(".pivot/notes.txt", "scratch\n");
    await Bun.sleep(1500);
    project.write("other.txt", "y\n");
    // The first trigger after those edits is the one for other.txt alone.
    expect(await w.next(isType("trigger"), "the other.txt trigger")).toMatchObject({ changed: ["other.txt"], stages: ["other"] });
    expect((await nextRun(w, "the other run")).ran).toEqual(["other"]);
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);

  test("two quick edits inside the debounce window make one run", async () => {
    const project = dataProject();
    const w = watch(project.root, ["--debounce", "1500"]);
    await started(w);
    project.write("data/raw.csv", "b\n");
    await Bun.sleep(100);
    project.write("data/raw.csv", "c\n");
    expect(await w.next(isType("trigger"), "the trigger")).toMatchObject({ changed: ["data/raw.csv"] });
    expect((await nextRun(w, "the run")).ran).toEqual(["clean", "report"]);
    await w.next(isType("idle"), "idle");
    await Bun.sleep(2500);
    expect(w.unread("trigger")).toEqual([]);
    expect(project.read("data/clean.csv")).toBe("C\n");
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);
});

describe("repro --watch: reloads", () => {
  test("a broken pivot.yaml is reported and watching goes on; fixing it runs again", async () => {
    const project = dataProject();
    const w = watch(project.root);
    await started(w);
    project.write("pivot.yaml", `${PIPELINE}  broken: [\n`);
    const failed = await w.next(isType("reload"), "the failed reload");
    expect(failed).toMatchObject({ ok: false, changed: ["pivot.yaml"], code: "PIPELINE_INVALID" });
    expect(String(failed.error)).toContain("pivot.yaml");
    await w.next(isType("idle"), "idle after the failure");
    expect(w.proc.exitCode).toBeNull();

    project.write("pivot.yaml", PIPELINE.replace("tr a-z A-Z < data/raw.csv", "tr a-z A-Z < data/raw.csv | tr -d B"));
    expect(await w.next(isType("reload"), "the good reload")).toMatchObject({ ok: true, stages: 3 });
    expect((await nextRun(w, "the run after the fix")).ran).toEqual(["clean"]);
    expect(hasStackTrace(w.stderr())).toBe(false);
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);

  test("with --all a new pipeline file is loaded and run, and a removed one is dropped", async () => {
    const project = dataProject();
    const w = watch(project.root, ["--all"]);
    await started(w);
    project.write("sub/in.txt", "sub\n");
    project.write("sub/pivot.yaml", "stages:\n  subcopy:\n    cmd: cp in.txt out.txt\n    deps: [in.txt]\n    outs: [out.txt]\n");
    expect(await w.next((e) => e.type === "reload" && e.ok === true, "the reload")).toMatchObject({ added: ["subcopy"] });
    expect((await nextRun(w, "the new pipeline's run")).ran).toEqual(["subcopy"]);
    expect(project.read("sub/out.txt")).toBe("sub\n");

    project.remove("sub/pivot.yaml");
    expect(await w.next(isType("reload"), "the reload after removal")).toMatchObject({ ok: true, removed: ["subcopy"] });
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);
});

describe("repro --watch: TS reloads", () => {
  test("a TS helper that stops compiling is reported; fixing it reloads and runs the new code", async () => {
    const project = makeTsProject({
      "pipeline.ts": `import { Pipeline, loaders as l } from "@pivot/core";
import { greet } from "./lib/greet";
export const pipeline = new Pipeline("demo");
pipeline.stage("hello", { outs: { out: l.text("hello.txt") }, run: () => ({ out: greet("ada") }) });
`,
      "lib/greet.ts": "export const greet = (name: string) => `hi ${name}`;\n",
    });
    const w = watch(project.root);
    expect(await started(w)).toEqual(["hello"]);
    project.write("lib/greet.ts", "export const greet = (name: string) => `hi ${name`;\n");
    expect(await w.next(isType("reload"), "the failed reload")).toMatchObject({ ok: false, changed: ["lib/greet.ts"] });
    await w.next(isType("idle"), "idle after the failure");
    project.write("lib/greet.ts", "export const greet = (name: string) => `hello ${name}`;\n");
    expect(await w.next(isType("reload"), "the good reload")).toMatchObject({ ok: true });
    expect((await nextRun(w, "the run of the fixed code")).ran).toEqual(["hello"]);
    expect(project.read("hello.txt")).toBe("hello ada");
    expect(hasStackTrace(w.stderr())).toBe(false);
    expect(await w.stop()).toBe(0);
  }, WATCH_TEST_MS);
});

describe("repro --watch: stopping and the console view", () => {
  test("Ctrl-C exits 0 and leaves the project clean", async () => {
    const project = dataProject();
    const w = watch(project.root);
    await started(w);
    expect(await w.stop("SIGINT")).toBe(0);
    expect(w.events.at(-1)).toEqual({ type: "stop" });
    expect((await project.pivot("-q", "status")).exitCode).toBe(0);
    expect(hasStackTrace(w.stderr())).toBe(false);
  }, WATCH_TEST_MS);

  test("Ctrl-C during a run stops the stage without recording it, and exits 0", async () => {
    const project = slowProject();
    const w = watch(project.root);
    await started(w);
    project.remove("sleeping");
    const lockBefore = project.read(".pivot/stages/slow.lock");
    project.write("delay.txt", "60\n");
    await w.next((e) => e.type === "stage-start" && e.stage === "slow", "the slow stage to start");
    await sleeping(project);
    const stopping = Date.now();
    expect(await w.stop("SIGINT")).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(15_000);
    expect(project.read(".pivot/stages/slow.lock")).toBe(lockBefore);
    expect(project.exists(".pivot/stages/slow.running")).toBe(false);
    project.write("delay.txt", "0\n");
    expect((await project.pivot("repro")).exitCode).toBe(0);
    expect((await project.pivot("-q", "status")).exitCode).toBe(0);
  }, WATCH_TEST_MS);

  test("the console view shows a line per trigger, the per-stage view and an idle line", async () => {
    const project = dataProject();
    const w = watch(project.root, [], { json: false });
    await w.stderrContains("watching");
    project.write("data/raw.csv", "z\n");
    await w.stderrContains("changed: data/raw.csv → running clean, report");
    await w.stderrContains("✔ report");
    expect(await w.stop()).toBe(0);
    expect(w.stderr()).toContain("Watch mode stopped.");
  }, WATCH_TEST_MS);

  test("watch options need --watch, and --watch does not mix with --dry-run", async () => {
    const project = dataProject();
    const debounce = await project.pivot("repro", "--debounce", "100");
    expect(debounce.exitCode).toBe(2);
    expect(debounce.stderr).toContain("--watch");
    expect((await project.pivot("repro", "--watch", "--dry-run")).exitCode).toBe(2);
    expect((await project.pivot("repro", "--watch", "--debounce", "soon")).exitCode).toBe(2);
  }, WATCH_TEST_MS);
});
