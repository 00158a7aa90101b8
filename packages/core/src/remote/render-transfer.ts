import { CHECKOUT_PROBLEMS, type DataCheckoutReport } from "../outputs/checkout";
import { bold, cyan, dim, green, red, yellow } from "../ui/colors";
import { formatBytes } from "../ui/format-bytes";
import type { RemoteStatusReport } from "./remote-status";
import type { TransferReport } from "./transfer-report";


function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

const VERB = { push: ["Pushed", "push", "to"], fetch: ["Fetched", "fetch", "from"], pull: ["Fetched", "fetch", "from"] } as const;
const MAX_FAILURES_SHOWN = 10;

function failureHint(action: TransferReport["action"], failures: TransferReport["failures"]): string {
  if (failures.every((f) => f.transient)) return `The remote did not answer in time; run \`pivot ${action}\` again.`;
  if (action === "push") return "Objects missing from the cache come back with `pivot pull` (from another remote) or by re-running their stage (`pivot repro`).";
  return "On a machine that has them, `pivot push --verify-remote` re-checks the remote (content included) and uploads what is missing or damaged; or re-run their stages.";
}

/** A line for people, and whether it is good news, a warning or an error. */
export interface ReportLine {
  level: "success" | "info" | "warn" | "error";
  text: string;
  hint?: string;
}

/** The human summary of a push / fetch / pull. */
export function renderTransferReport(report: TransferReport): ReportLine[] {
  const [done, verb, preposition] = VERB[report.action];
  const where = `${preposition} ${bold(report.remote.name)}`;
  const { objects, runCache } = report;
  const lines: ReportLine[] = [];
  const records = runCache.transferred === 0 ? "" : runCache.transferred === 1 ? ", 1 run-cache entry" : `, ${runCache.transferred} run-cache entries`;
  const already = objects.present > 0 ? dim(` (${objects.present} already there)`) : "";
  if (report.dryRun) {
    const text = objects.transferred === 0 && runCache.transferred === 0 ? `Nothing to ${verb} ${where}` : `Would ${verb} ${plural(objects.transferred, "object")} (${formatBytes(objects.bytes)})${records} ${where}`;
    lines.push({ level: "info", text: `${text}${already}` });
  } else if (objects.transferred === 0 && runCache.transferred === 0 && report.failures.length === 0 && !report.stopped) {
    const place = report.action === "push" ? `on ${bold(report.remote.name)}` : "in the cache";
    lines.push({ level: "success", text: `Everything is already ${place}${dim(` (${plural(objects.total, "object")})`)}` });
  } else if (objects.transferred > 0 || runCache.transferred > 0) {
    const size = objects.bytes > 0 ? ` (${formatBytes(objects.bytes)})` : "";
    lines.push({ level: "success", text: `${done} ${plural(objects.transferred, "object")}${size}${records} ${where}${already}` });
  }
  if (report.checks.forgotten > 0) {
    lines.push({ level: "warn", text: `${plural(report.checks.forgotten, "object")} the remote index listed had gone from the remote; ${report.dryRun ? "they would be pushed again" : "pushed again"}` });
  }
  if (report.checks.corrupt > 0) {
    lines.push({ level: "warn", text: `${plural(report.checks.corrupt, "object")} on the remote had damaged content; ${report.dryRun ? "they would be pushed again" : "pushed again"}` });
  }
  if (report.checks.damaged > 0) {
    lines.push({ level: "warn", text: `${plural(report.checks.damaged, "object")} on the remote had the wrong size (an interrupted upload); ${report.dryRun ? "they would be pushed again" : "pushed again"}` });
  }
  lines.push(...renderRecordProblems(report));
  // When the remote stopped answering, the transfers it cut short are covered by the "incomplete" line.
  const failures = report.stopped ? report.failures.filter((f) => !f.transient) : report.failures;
  if (failures.length > 0) {
    const shown = failures.slice(0, MAX_FAILURES_SHOWN).map((f) => `\n  ${f.label} ${dim(`(${f.hash})`)}: ${f.error}`);
    const more = failures.length > MAX_FAILURES_SHOWN ? `\n  … and ${failures.length - MAX_FAILURES_SHOWN} more` : "";
    lines.push({ level: "error", text: `${plural(failures.length, "transfer")} failed:${shown.join("")}${more}`, hint: failureHint(report.action, failures) });
  }
  if (report.stopped) {
    lines.push({
      level: "error",
      text: `${verb[0]!.toUpperCase()}${verb.slice(1)} incomplete: ${report.remote.url} stopped answering (${report.stopped.reason}); ${plural(report.stopped.notStarted + report.failures.filter((f) => f.transient).length, "object")} not transferred`,
      hint: `Check that the remote is reachable and run \`pivot ${report.action}\` again: it resumes where this one stopped.`,
    });
  }
  if (report.checkout) lines.push(...renderCheckout(report.checkout));
  if (!report.checkout) for (const note of report.notes) lines.push({ level: "warn", text: note });
  return lines;
}

/** Run-cache records push left alone (write-once) and records fetch refused, each with its stage and key. */
function renderRecordProblems(report: TransferReport): ReportLine[] {
  const lines: ReportLine[] = [];
  const list = (problems: TransferReport["runCache"]["conflicts"]) =>
    problems.slice(0, MAX_FAILURES_SHOWN).map((p) => `\n  ${p.stage} ${dim(`(${p.key})`)}: ${p.reason}`).join("") +
    (problems.length > MAX_FAILURES_SHOWN ? `\n  … and ${problems.length - MAX_FAILURES_SHOWN} more` : "");
  const { conflicts, rejected } = report.runCache;
  if (conflicts.length > 0) {
    lines.push({
      level: "warn",
      text: `${plural(conflicts.length, "run-cache record")} not pushed: ${report.remote.name} already holds ${conflicts.length === 1 ? "that key" : "those keys"} with other outputs (records are written once, never replaced):${list(conflicts)}`,
      hint: "The stage gives different outputs for the same inputs (not deterministic), or the remote's record was tampered with. `pivot gc --remote` or deleting the record on the remote frees the key.",
    });
  }
  if (rejected.length > 0) {
    lines.push({
      level: "warn",
      text: `${plural(rejected.length, "run-cache record")} from ${report.remote.name} ignored (their stages will run instead):${list(rejected)}`,
      hint: "See “Trusting a shared run cache” in docs/remotes.md.",
    });
  }
  return lines;
}

/** Pull's placement summary: what was placed, and every output that could not be. */
function renderCheckout(checkout: DataCheckoutReport): ReportLine[] {
  const lines: ReportLine[] = [];
  const placed = checkout.entries.filter((e) => e.outcome === "restored" || e.outcome === "relinked");
  if (placed.length > 0) lines.push({ level: "success", text: `Placed ${plural(placed.length, "output")} in the workspace` });
  const modified = checkout.entries.filter((e) => e.outcome === "modified");
  if (modified.length > 0) {
    const list = modified.map((e) => `\n  ${e.path}${e.detail ? dim(` (${e.detail})`) : ""}`).join("");
    lines.push({ level: "warn", text: `Kept ${plural(modified.length, "output")} whose content differs from the recorded one:${list}`, hint: "Run `pivot pull --force` to replace them." });
  }
  const broken = checkout.entries.filter((e) => CHECKOUT_PROBLEMS.has(e.outcome) && e.outcome !== "modified");
  for (const entry of broken) lines.push({ level: "error", text: `Could not place ${entry.path}: ${entry.detail ?? entry.outcome}` });
  for (const note of checkout.notes) lines.push({ level: "warn", text: note });
  return lines;
}

const STATE_LABEL = { push: yellow("push  "), fetch: cyan("fetch "), both: yellow("both  "), missing: red("missing"), synced: green("synced") } as const;

/** `status --remote` lines. */
export function renderRemoteStatus(report: RemoteStatusReport, options: { verbose?: boolean } = {}): string[] {
  const lines = [`Remote ${bold(report.remote.name)} (${report.remote.url}):`];
  const out = report.outputs.filter((o) => options.verbose || o.state !== "synced");
  if (report.toPush.objects === 0 && report.toFetch.objects === 0 && report.missing === 0) {
    lines.push(`  ${green("✔")} in sync: ${plural(report.outputs.length, "output")}, nothing to push or fetch`);
  } else {
    lines.push(`  to push:  ${plural(report.toPush.objects, "object")} (${formatBytes(report.toPush.bytes)})`);
    lines.push(`  to fetch: ${plural(report.toFetch.objects, "object")} (${formatBytes(report.toFetch.bytes)})`);
    if (report.missing > 0) lines.push(`  ${red("missing")}:  ${plural(report.missing, "object")} neither in the cache nor on the remote`);
  }
  for (const entry of out) lines.push(`  ${STATE_LABEL[entry.state]} ${entry.path} ${dim(`(${entry.source})`)}`);
  return lines;
}
