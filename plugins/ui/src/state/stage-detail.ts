import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PivotError, type Project, describeBody, lockPathOf, readLock } from "@pivot/core/internal";

export interface StageDetail {
  id: string;
  pipeline: string;
  pipelineFile: string;
  source: string;
  body: string;
  desc?: string;
  frozen: boolean;
  deps: string[];
  outs: Array<{ path: string; kind: string; cache: boolean }>;
  params: Array<{ file: string; keys: string[] }>;
  paramValues?: Record<string, unknown>;
  upstream: string[];
  downstream: string[];
  lock: {
    /** Project-relative path of the lock file. */
    path: string;
    /** The file as written, or null when the stage never ran. */
    text: string | null;
    /** Code fingerprint parts (TS stages): part → hash. */
    code?: Record<string, string>;
    cmd?: string[];
    problem?: string;
  };
  /** The stage's lines of the newest run log that has any, with that run's id. */
  log: { runId: string; lines: string[] } | null;
}

/** How many of the newest run logs are searched for a stage's last lines. */
const LOGS_SEARCHED = 20;
const MAX_LOG_LINES = 400;

/** A stage's lines in the newest run log mentioning it (`[stage] …` and `--- stage: …`). */
export function lastLogOf(projectRoot: string, stage: string): StageDetail["log"] {
  const dir = join(projectRoot, ".pivot", "runs");
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir)
    .filter((name) => name.endsWith(".log"))
    .map((name) => ({ name, mtimeMs: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : -1))
    .slice(0, LOGS_SEARCHED);
  const output = `[${stage}] `;
  const marker = `--- ${stage}: `;
  for (const { name } of names) {
    const lines = readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter((line) => line.startsWith(output) || line.startsWith(marker));
    if (lines.length > 0) return { runId: name.replace(/\.log$/, ""), lines: lines.slice(-MAX_LOG_LINES) };
  }
  return null;
}

/** What the side panel shows for stage `id`. STAGE_NOT_FOUND for an id the project lacks. */
export function stageDetail(project: Project, id: string): StageDetail {
  const graph = project.graph();
  const stage = graph.stages.get(id);
  if (!stage) throw new PivotError("STAGE_NOT_FOUND", `Unknown stage '${id}'`, { hint: "Reload the page: the pipeline may have changed." });
  const lockFile = lockPathOf(stage);
  const read = readLock(stage);
  const lock: StageDetail["lock"] = { path: relative(project.root, lockFile), text: existsSync(lockFile) ? readFileSync(lockFile, "utf8") : null };
  if (read.kind === "ok") {
    if (read.lock.code) lock.code = read.lock.code;
    if (read.lock.cmd) lock.cmd = read.lock.cmd;
  } else if (read.kind === "corrupt") lock.problem = read.problem;
  return {
    id,
    pipeline: stage.pipeline.name,
    pipelineFile: stage.pipeline.file,
    source: `${stage.source.file}${stage.source.line ? `:${stage.source.line}` : ""}`,
    body: describeBody(stage),
    ...(stage.desc ? { desc: stage.desc } : {}),
    frozen: stage.frozen === true,
    deps: stage.deps.map((dep) => dep.path),
    outs: stage.outs.map((out) => ({ path: out.path, kind: out.kind, cache: out.cache })),
    params: stage.params.map((p) => ({ file: p.file, keys: p.keys })),
    ...(stage.paramValues && Object.keys(stage.paramValues).length > 0 ? { paramValues: stage.paramValues } : {}),
    upstream: [...graph.upstreamOf(id)],
    downstream: [...graph.downstreamOf(id)],
    lock,
    log: lastLogOf(project.root, id),
  };
}
