import type { StagePrediction } from "../engine/predict";
import { formatReason, summarizeReasons } from "../engine/reasons";
import { bold, cyan, dim, green, red, yellow } from "./colors";

/** JSON shape of a prediction (stable for scripts). */
export function predictionJson(p: StagePrediction) {
  const state = p.error ? "error" : p.frozen ? "frozen" : p.willRun ? "stale" : p.restore.length > 0 ? "restorable" : "up-to-date";
  return {
    stage: p.id,
    state,
    willRun: p.willRun,
    restore: p.restore,
    reason: p.error ?? (p.frozen ? "frozen" : p.willRun ? summarizeReasons(p.reasons) : p.restore.length ? "outputs missing, in cache" : "unchanged"),
    reasons: p.reasons,
    ...(p.absent ? { absent: p.absent } : {}),
    ...(p.error ? { error: p.error } : {}),
    ...(p.frozen ? { frozen: true, wouldRun: p.frozen.wouldRun, modified: p.frozen.modified } : {}),
  };
}

/**
 * Text status: one line per stale stage (all stages with `verbose`), and with `explain` every
 * reason with old → new values.
 */
export function renderPredictions(predictions: readonly StagePrediction[], options: { explain?: boolean; verbose?: boolean } = {}): string[] {
  const lines: string[] = [];
  const width = Math.min(40, Math.max(8, ...predictions.map((p) => p.id.length)));
  for (const p of predictions) {
    const name = bold(p.id.padEnd(width));
    if (p.error) {
      lines.push(`${red("✖")} ${name} ${p.error}`);
    } else if (p.frozen) {
      lines.push(`${cyan("❄")} ${name} ${frozenSummary(p, p.frozen, options.explain === true)}`);
      if (options.explain) for (const reason of p.frozen.wouldRun) lines.push(`    ${dim("-")} ${formatReason(reason, true)}`);
    } else if (p.willRun) {
      lines.push(`${yellow("●")} ${name} ${options.explain ? "will run:" : summarizeReasons(p.reasons)}`);
      if (options.explain) for (const reason of p.reasons) lines.push(`    ${dim("-")} ${formatReason(reason, true)}`);
    } else if (p.restore.length > 0) {
      lines.push(`${cyan("↺")} ${name} ${dim(`outputs missing, will be restored from the cache: ${p.restore.join(", ")}`)}`);
    } else if (options.verbose || options.explain) {
      const absent = p.absent?.length ? `; not in the workspace, available: ${p.absent.join(", ")}` : "";
      lines.push(`${green("✔")} ${name} ${dim(`up to date${absent}`)}`);
    }
  }
  const errors = predictions.filter((p) => p.error).length;
  const stale = predictions.filter((p) => p.willRun && !p.error).length;
  const restorable = predictions.filter((p) => !p.willRun && !p.error && p.restore.length > 0).length;
  const frozen = predictions.filter((p) => p.frozen && !p.error).length;
  const fresh = predictions.length - errors - stale - restorable;
  const absent = predictions.filter((p) => !p.error && p.absent?.length).length;
  const notes = [...(frozen > 0 ? [`${frozen} frozen`] : []), ...(absent > 0 ? [`${absent} with data not in the workspace`] : [])];
  const summaryNote = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  if (errors + stale + restorable === 0) lines.push(`${green("✔")} ${predictions.length} ${predictions.length === 1 ? "stage" : "stages"} up to date${summaryNote}`);
  else lines.push(`${errors ? `${errors} with errors, ` : ""}${stale} stale, ${restorable ? `${restorable} to restore, ` : ""}${fresh} up to date${summaryNote}`);
  return lines;
}

/** `frozen`, what a run would restore or keep, and (without --explain) what would make it run. */
function frozenSummary(p: StagePrediction, frozen: NonNullable<StagePrediction["frozen"]>, explain: boolean): string {
  const parts = [
    ...(p.restore.length > 0 ? [`outputs missing, will be restored from the cache: ${p.restore.join(", ")}`] : []),
    ...(frozen.modified.length > 0 ? [`edited outputs kept: ${frozen.modified.join(", ")}`] : []),
  ];
  const would = frozen.wouldRun.length === 0 ? "" : explain ? " — would run if unfrozen:" : ` (would run if unfrozen: ${summarizeReasons(frozen.wouldRun)})`;
  return `frozen${parts.length > 0 ? `; ${parts.join("; ")}` : ""}${dim(would)}`;
}
