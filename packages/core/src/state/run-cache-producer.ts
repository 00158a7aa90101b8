import { hostname, userInfo } from "node:os";
import pkg from "../../package.json" with { type: "json" };
import type { RunCacheEntry, RunCacheProducer } from "../plugin/state-backend";
import { formatAge } from "../ui/duration";

const producers = new Map<string, RunCacheProducer>();

function userName(): string {
  try {
    return userInfo().username || process.env.USER || "unknown";
  } catch {
    return process.env.USER || "unknown";
  }
}

/** HEAD of the repository holding `projectRoot`, or undefined (no git, no repository, no commit yet). */
function headCommit(projectRoot: string): string | undefined {
  try {
    const proc = Bun.spawnSync(["git", "rev-parse", "--verify", "--quiet", "HEAD"], { cwd: projectRoot, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
    const text = proc.exitCode === 0 ? proc.stdout.toString().trim() : "";
    return /^[0-9a-f]{40,64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who is recording run-cache entries in this process: pivot version, host, user and the git
 * commit of the project (asked once per process and project root).
 */
export function currentProducer(projectRoot: string): RunCacheProducer {
  let producer = producers.get(projectRoot);
  if (!producer) {
    const gitCommit = headCommit(projectRoot);
    producer = { pivotVersion: pkg.version, host: hostname(), user: userName(), ...(gitCommit ? { gitCommit } : {}) };
    producers.set(projectRoot, producer);
  }
  return producer;
}

/** A producer as read from a record or a row, or undefined when it is not one. */
export function parseProducer(raw: unknown): RunCacheProducer | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const { pivotVersion, host, user, gitCommit } = raw as Record<string, unknown>;
  if (typeof pivotVersion !== "string" || typeof host !== "string" || typeof user !== "string") return undefined;
  return { pivotVersion, host, user, ...(typeof gitCommit === "string" && gitCommit !== "" ? { gitCommit } : {}) };
}

/**
 * The provenance of an entry in words: `made by alice@ci-7 at 1a2b3c4, 2h 5m ago (pivot 0.1.0)`;
 * `these inputs ran before` for an entry recorded without it.
 */
export function describeProducer(entry: Pick<RunCacheEntry, "producer" | "createdAtMs">, nowMs = Date.now()): string {
  const { producer } = entry;
  if (!producer) return "these inputs ran before";
  const at = producer.gitCommit ? ` at ${producer.gitCommit.slice(0, 7)}` : "";
  const age = `${formatAge(Math.max(0, nowMs - entry.createdAtMs))} ago`;
  return `made by ${producer.user}@${producer.host}${at}, ${age} (pivot ${producer.pivotVersion})`;
}
