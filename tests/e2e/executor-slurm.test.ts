import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { PIVOT_BIN, type TestProject, hasStackTrace, makeProject } from "../support/project";
import { type SlurmCluster, startSlurmCluster } from "../support/slurm-cluster";
import { startTestFile } from "../support/start-test-file";

// One real one-node Slurm cluster (munged, slurmctld, slurmd under a temp dir) for the whole file.
let cluster: SlurmCluster;
const started = await startTestFile(import.meta, async () => {
  cluster = await startSlurmCluster();
});
afterAll(async () => {
  await cluster?.stop();
}, 15_000);

const SLURM_CONFIG = "executor: slurm\n";

function slurmProject(files: Record<string, string>): TestProject {
  return makeProject({ ".pivot/config.yaml": SLURM_CONFIG, ...files });
}

const repro = (project: TestProject, ...args: string[]) => project.pivotWith({ env: cluster.env }, "repro", ...args);

/** Every job the controller knows, ended ones included (MinJobAge keeps them for 5 minutes). */
async function jobCount(): Promise<number> {
  const proc = Bun.spawnSync(["squeue", "-h", "-t", "all", "-o", "%i"], { env: { ...process.env, ...cluster.env } });
  return proc.stdout.toString().split("\n").filter((l) => l.trim() !== "").length;
}

/** Jobs of these stages still queued or running (what `squeue` shows by default). */
async function activeJobs(stages: readonly string[]): Promise<string[]> {
  return (await cluster.queue()).filter((line) => stages.some((stage) => line.split(" ")[1]?.endsWith(`.${stage}`)));
}

// Slurm time limits are whole minutes, enforced by a periodic sweep (~1-1.5 min in all): this run
// starts as soon as the cluster is up, alongside the other tests, and is checked last.
const timeLimited = started
  ? (() => {
      const project = slurmProject({
        "pivot.yaml": "stages:\n  slow:\n    cmd: sleep 300; echo done > out.txt\n    outs: [out.txt]\n    resources: {time: '0:01'}\n",
      });
      return { project, result: repro(project) };
    })()
  : undefined;

describe("Slurm executor on a real one-node cluster", () => {
  test("a cmd stage runs as a Slurm job; its output is cached and locked, its job files removed", async () => {
    const project = slurmProject({
      "pivot.yaml": "stages:\n  hello:\n    cmd: echo \"job $SLURM_JOB_ID in $(pwd)\" > out.txt; echo said hello\n    outs: [out.txt]\n",
    });
    const result = await repro(project, "--show-output");
    expect(result.exitCode).toBe(0);
    expect(project.read("out.txt")).toMatch(new RegExp(`^job \\d+ in ${project.root}\\n$`));
    expect(result.output).toContain("said hello");
    expect(project.exists(".pivot/stages/hello.lock")).toBe(true);
    expect(readdirSync(project.path(".pivot/jobs")).flatMap((run) => readdirSync(project.path(`.pivot/jobs/${run}`)))).toEqual([]);
  });

  test("20 independent stages run as 20 jobs in parallel", async () => {
    const stages = Array.from({ length: 20 }, (_, i) => `  s${i}:\n    cmd: echo $SLURM_JOB_ID > out/${i}.txt\n    outs: [out/${i}.txt]\n`).join("");
    const project = slurmProject({ "pivot.yaml": `stages:\n${stages}` });
    const before = await jobCount();
    const started = performance.now();
    const result = await repro(project);
    const tookMs = performance.now() - started;
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain("20 ran");
    const ids = new Set(Array.from({ length: 20 }, (_, i) => project.read(`out/${i}.txt`).trim()));
    expect(ids.size).toBe(20);
    expect((await jobCount()) - before).toBe(20);
    // 8 slots on the test node: far less than 20 one-after-another submissions and polls
    expect(tookMs).toBeLessThan(30_000);
  });

  test("a failing job fails its stage with the job id, exit code and the log's tail; the log stays under .pivot/", async () => {
    const project = slurmProject({
      "pivot.yaml": "stages:\n  bad:\n    cmd: echo working; echo broken input >&2; exit 7\n    outs: [never.txt]\n",
    });
    const result = await repro(project);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/✖ bad Slurm job \d+ failed: command exited with code 7/);
    expect(result.output).toContain("broken input");
    expect(result.output).toMatch(/Log: \.pivot\/jobs\/[^/]+\/bad\.out/);
    expect(hasStackTrace(result.output)).toBe(false);
    const run = readdirSync(project.path(".pivot/jobs"))[0]!;
    expect(project.read(`.pivot/jobs/${run}/bad.err`)).toContain("broken input");
    expect(project.read(`.pivot/jobs/${run}/bad.exit`).trim()).toBe("7");
    expect(project.exists(".pivot/stages/bad.lock")).toBe(false);
  });

  test("Ctrl-C cancels every queued and running job with one scancel; none is left in squeue", async () => {
    const stages = Array.from({ length: 10 }, (_, i) => `  s${i}:\n    cmd: sleep 120 > out${i}.txt\n    outs: [out${i}.txt]\n`).join("");
    const project = slurmProject({ "pivot.yaml": `stages:\n${stages}`, ".pivot/config.yaml": `${SLURM_CONFIG}resources:\n  cpus: 1\n` });
    const proc = Bun.spawn(["bun", PIVOT_BIN, "repro"], { cwd: project.root, env: { ...process.env, ...cluster.env, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
    const deadline = Date.now() + 30_000;
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    while ((await activeJobs(names)).length < 10 && Date.now() < deadline) await Bun.sleep(100);
    expect((await activeJobs(names)).length).toBe(10);
    proc.kill("SIGINT");
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(130);
    expect(stderr).toContain("Interrupted");
    expect(await activeJobs(names)).toEqual([]);
    for (let i = 0; i < 10; i++) expect(project.exists(`.pivot/stages/s${i}.lock`)).toBe(false);
  });

  test("pivot killed with -9: its jobs run on, nothing is recorded, scancel by job name ends them", async () => {
    const names = ["k0", "k1"];
    const stages = names.map((name) => `  ${name}:\n    cmd: sleep 120; echo done > ${name}.txt\n    outs: [${name}.txt]\n`).join("");
    const project = slurmProject({ "pivot.yaml": `stages:\n${stages}` });
    const proc = Bun.spawn(["bun", PIVOT_BIN, "repro"], { cwd: project.root, env: { ...process.env, ...cluster.env, NO_COLOR: "1" }, stdout: "ignore", stderr: "ignore" });
    const deadline = Date.now() + 30_000;
    while ((await activeJobs(names)).length < 2 && Date.now() < deadline) await Bun.sleep(100);
    proc.kill("SIGKILL");
    await proc.exited;
    await Bun.sleep(500);
    expect((await activeJobs(names)).length).toBe(2);
    for (const name of names) expect(project.exists(`.pivot/stages/${name}.lock`)).toBe(false);
    // what docs/executors.md says: the run id is the folder under .pivot/jobs/; one stage by its job name, or the whole run
    const [run] = readdirSync(project.path(".pivot/jobs"));
    const shell = (script: string) => Bun.spawnSync(["sh", "-c", script], { env: { ...process.env, ...cluster.env } }).exitCode;
    expect(shell(`scancel --name=pivot.${run}.k0`)).toBe(0);
    const k0gone = Date.now() + 10_000;
    while ((await activeJobs(["k0"])).length > 0 && Date.now() < k0gone) await Bun.sleep(100);
    expect(await activeJobs(names)).toHaveLength(1);
    expect(shell(`squeue --me -h -o '%i %j' | grep ' pivot\\.${run}\\.' | cut -d' ' -f1 | xargs -r scancel`)).toBe(0);
    const gone = Date.now() + 10_000;
    while ((await activeJobs(names)).length > 0 && Date.now() < gone) await Bun.sleep(100);
    expect(await activeJobs(names)).toEqual([]);
    expect(project.exists(".pivot/stages/k0.lock") || project.exists("k0.txt")).toBe(false);
  });

  test("a stage failing without --keep-going cancels the jobs still running", async () => {
    const project = slurmProject({
      "pivot.yaml": "stages:\n  fails:\n    cmd: sleep 1; exit 2\n  waits:\n    cmd: sleep 120; touch w.txt\n    outs: [w.txt]\n",
    });
    const started = performance.now();
    const result = await repro(project);
    expect(result.exitCode).toBe(1);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(result.output).toMatch(/Slurm job \d+ failed: command exited with code 2/);
    expect(result.output).toContain("1 cancelled");
    expect(await activeJobs(["waits"])).toEqual([]);
  });

  test("a missing partition is a clear error naming the partition and where to fix it", async () => {
    const project = slurmProject({
      "pivot.yaml": "stages:\n  p:\n    cmd: touch p.txt\n    outs: [p.txt]\n    resources: {partition: nosuchpart}\n",
    });
    const result = await repro(project);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/✖ p sbatch refused the job: invalid partition specified: nosuchpart/);
    expect(result.output).toContain("resources (partition, account, qos, time, mem) of stage 'p' in pivot.yaml");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("local and Slurm stages mix in one DAG; where a stage runs is not part of its fingerprint", async () => {
    const project = slurmProject({
      "pivot.yaml": `stages:
  make:
    cmd: echo "local:[$SLURM_JOB_ID]" > a.txt
    executor: local
    outs: [a.txt]
  cluster:
    cmd: cat a.txt > b.txt; echo "slurm:$SLURM_JOB_ID" >> b.txt
    deps: [a.txt]
    outs: [b.txt]
  finish:
    cmd: cat b.txt > c.txt
    executor: local
    deps: [b.txt]
    outs: [c.txt]
`,
    });
    const first = await repro(project);
    expect(first.output).toContain("3 ran");
    expect(first.exitCode).toBe(0);
    expect(project.read("c.txt")).toMatch(/^local:\[\]\nslurm:\d+\n$/);
    // moving a stage between executors and changing its resources does not re-run it
    project.write("pivot.yaml", project.read("pivot.yaml").replace("    executor: local\n    deps: [b.txt]", "    resources: {mem: 200M}\n    deps: [b.txt]"));
    const second = await repro(project);
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain("0 ran");
  });

  test("repro twice: the second submits nothing", async () => {
    const project = slurmProject({ "pivot.yaml": "stages:\n  once:\n    cmd: date +%N > t.txt\n    outs: [t.txt]\n" });
    expect((await repro(project)).exitCode).toBe(0);
    const before = await jobCount();
    const second = await repro(project);
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain("0 ran");
    expect(await jobCount()).toBe(before);
  });

  test("repro --all runs every pipeline's stages on the cluster, each locked in its own stateDir", async () => {
    const project = slurmProject({
      "pivot.yaml": "stages:\n  top:\n    cmd: echo $SLURM_JOB_ID > top.txt\n    outs: [top.txt]\n",
      "sub/.pivot/": "",
      "sub/pivot.yaml": "stages:\n  inner:\n    cmd: echo $SLURM_JOB_ID > inner.txt\n    outs: [inner.txt]\n",
    });
    const result = await repro(project, "--all");
    expect(result.exitCode).toBe(0);
    expect(project.read("top.txt")).toMatch(/^\d+\n$/);
    expect(project.read("sub/inner.txt")).toMatch(/^\d+\n$/);
    expect(project.exists(".pivot/stages/top.lock")).toBe(true);
    expect(project.exists("sub/.pivot/stages/inner.lock")).toBe(true);
    const again = await repro(project, "--all");
    expect(again.output).toContain("0 ran");
  });

  test("pivot doctor checks sbatch, each partition the stages ask for, and a probe job in the project root", async () => {
    const good = slurmProject({ "pivot.yaml": "stages:\n  a:\n    cmd: touch a\n    outs: [a]\n" });
    const ok = await good.pivotWith({ env: cluster.env }, "doctor");
    expect(ok.output).toMatch(/slurm\b.*sbatch at \//);
    expect(ok.output).toContain("default partition accepted");
    expect(ok.output).toMatch(/job \d+ ran in .* and saw the project/);
    const bad = slurmProject({ "pivot.yaml": "stages:\n  a:\n    cmd: touch a\n    outs: [a]\n    resources: {partition: nosuchpart}\n" });
    const refused = await bad.pivotWith({ env: cluster.env }, "doctor");
    expect(refused.exitCode).not.toBe(0);
    expect(refused.output).toContain("partition nosuchpart refused: invalid partition specified: nosuchpart");
    // a PATH with bun and nothing else: no Slurm clients
    const bin = good.path("bin-only-bun");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "bun"));
    const noSbatch = await good.pivotWith({ env: { ...cluster.env, PATH: bin } }, "doctor");
    expect(noSbatch.output).toContain("sbatch not found on PATH");
  });

  test("a job past its time limit fails with TIMEOUT naming the limit", async () => {
    const { project, result: running } = timeLimited!;
    const result = await running;
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/Slurm job \d+ TIMEOUT: ran past its time limit \(resources.time 0:01\)/);
    expect(project.exists(".pivot/stages/slow.lock")).toBe(false);
  }, 150_000);
});
