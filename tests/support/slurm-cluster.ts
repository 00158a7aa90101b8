import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireExecutable } from "./require-executable";

/**
 * A real one-node Slurm cluster (munged + slurmctld + slurmd) with every file under one temp
 * folder and nothing in /etc: clients find it through SLURM_CONF (see `env`). Needs root and the
 * Debian packages slurm-wlm and munge. The node declares 8 CPUs so many short jobs run at once;
 * the partitions are `debug` (default) and `short` (1 minute limit). Used by the e2e tests and by
 * `bench/slurm-latency.ts` (so it loads nothing of bun:test).
 */
export interface SlurmCluster {
  dir: string;
  /** Environment for clients (sbatch, squeue, pivot): SLURM_CONF points at the cluster. */
  env: Record<string, string>;
  /** Lines of `squeue` for every job still known to the controller. */
  queue(): Promise<string[]>;
  stop(): Promise<void>;
}

const DECLARED_CPUS = 8;
const START_TIMEOUT_MS = 20_000;

function run(argv: string[], env: Record<string, string | undefined>): { code: number; out: string } {
  const proc = Bun.spawnSync(argv, { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode ?? 1, out: proc.stdout.toString() + proc.stderr.toString() };
}

function pidIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** slurmstepd processes of this cluster still alive (they carry its SLURM_CONF in their environment). */
function leftoverSteps(conf: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").startsWith("slurmstepd")) continue;
      if (readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`SLURM_CONF=${conf}`)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Slurm test cluster: ${what} did not happen within ${timeoutMs} ms\n${logs()}`);
    await Bun.sleep(50);
  }
}

function memoryMb(): number {
  const line = run(["slurmd", "-C"], {}).out.match(/RealMemory=(\d+)/);
  const total = line ? Number(line[1]) : 2048;
  return Math.max(1024, total - 512);
}

function slurmConf(dir: string, host: string, memMb: number, mungeSocket: string): string {
  return `ClusterName=pivottest
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${6817 + (process.pid % 500) * 2}
SlurmdPort=${6818 + (process.pid % 500) * 2}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${mungeSocket}
SlurmUser=root
SlurmdUser=root
SlurmctldPidFile=${dir}/slurmctld.pid
SlurmdPidFile=${dir}/slurmd.pid
SlurmctldLogFile=${dir}/slurmctld.log
SlurmdLogFile=${dir}/slurmd.log
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=256
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=300
KillWait=2
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmdParameters=config_overrides
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${DECLARED_CPUS} RealMemory=${memMb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
PartitionName=short Nodes=${host} MaxTime=1 State=UP
`;
}

/** Starts a fresh cluster; throws (with the daemons' logs) when it does not reach `idle`. */
export async function startSlurmCluster(): Promise<SlurmCluster> {
  for (const [command, pkg] of [["munged", "munge"], ["slurmctld", "slurm-wlm"], ["slurmd", "slurm-wlm"], ["sbatch", "slurm-wlm"]] as const) requireExecutable(command, pkg);
  if (process.getuid?.() !== 0) throw new Error("the Slurm test cluster runs its daemons as root (SlurmUser=root); run the tests as root");
  const dir = mkdtempSync(join(tmpdir(), "pivot-slurm-"));
  chmodSync(dir, 0o755);
  const munge = join(dir, "munge");
  mkdirSync(munge, { mode: 0o700 });
  const munged = Number(run(["id", "-u", "munge"], {}).out.trim());
  const mungeGid = Number(run(["id", "-g", "munge"], {}).out.trim());
  if (!Number.isInteger(munged)) throw new Error("user 'munge' is missing — install it with apt-get install munge");
  const keyFile = join(munge, "munge.key");
  writeFileSync(keyFile, crypto.getRandomValues(new Uint8Array(1024)), { mode: 0o400 });
  chownSync(keyFile, munged, mungeGid);
  chownSync(munge, munged, mungeGid);
  // munged wants the socket's folder reachable by everyone (root clients connect by path)
  chmodSync(munge, 0o711);
  const socket = join(munge, "munge.socket");
  const pids = { munged: join(munge, "munged.pid"), slurmctld: join(dir, "slurmctld.pid"), slurmd: join(dir, "slurmd.pid") };
  const logs = () =>
    ["munged.log", "slurmctld.log", "slurmd.log"]
      .map((name) => {
        const file = name === "munged.log" ? join(munge, name) : join(dir, name);
        return existsSync(file) ? `--- ${name}\n${readFileSync(file, "utf8").split("\n").slice(-15).join("\n")}` : "";
      })
      .join("\n");
  const env = { SLURM_CONF: join(dir, "slurm.conf") };
  const cluster: SlurmCluster = {
    dir,
    env,
    queue: async () => run(["squeue", "-h", "-o", "%i %j %T"], env).out.split("\n").filter((l) => l.trim() !== ""),
    stop: async () => {
      // all three at once; a throwaway cluster need not save its state, so a slow daemon is killed
      const stopOne = async (file: string) => {
        const pid = pidIn(file);
        if (pid === undefined || !alive(pid)) return;
        process.kill(pid, "SIGTERM");
        const deadline = Date.now() + 1500;
        while (alive(pid) && Date.now() < deadline) await Bun.sleep(50);
        if (alive(pid)) process.kill(pid, "SIGKILL");
      };
      // cancel what is left, give the steps a moment to end, then stop the daemons
      if (pidIn(pids.slurmctld) !== undefined) run(["scancel", "--full", "--user=root"], env);
      const drained = Date.now() + 2000;
      while (Date.now() < drained && run(["squeue", "-h"], env).out.trim() !== "") await Bun.sleep(100);
      await Promise.all([pids.slurmd, pids.slurmctld, pids.munged].map(stopOne));
      for (const pid of leftoverSteps(env.SLURM_CONF)) process.kill(pid, "SIGKILL");
      if (!process.env.PIVOT_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const started = run(
      ["runuser", "-u", "munge", "--", "munged", "--key-file", keyFile, "--socket", socket, "--pid-file", pids.munged, "--log-file", join(munge, "munged.log"), "--seed-file", join(munge, "munged.seed")],
      {},
    );
    if (started.code !== 0) throw new Error(`munged did not start: ${started.out.trim()}`);
    await waitFor("munged socket", () => existsSync(socket), 5000, logs);
    mkdirSync(join(dir, "state"));
    mkdirSync(join(dir, "spool"));
    const host = run(["hostname", "-s"], {}).out.trim();
    writeFileSync(env.SLURM_CONF, slurmConf(dir, host, memoryMb(), socket));
    for (const daemon of [["slurmctld", "-i"], ["slurmd"]]) {
      const result = run(daemon, env);
      if (result.code !== 0) throw new Error(`${daemon[0]} did not start: ${result.out.trim()}\n${logs()}`);
    }
    await waitFor("node idle", () => /idle/.test(run(["sinfo", "-h", "-N", "-o", "%T"], env).out), START_TIMEOUT_MS, logs);
    // The controller's first scheduling pass comes seconds after it starts: run one job so tests start warm.
    const warm = run(["srun", "-N1", "-n1", "true"], env);
    if (warm.code !== 0) throw new Error(`the first job did not run: ${warm.out.trim()}\n${logs()}`);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
