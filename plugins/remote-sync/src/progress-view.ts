import { type ProgressListener, type TransferProgress, formatBytes, isQuiet, writeStderr } from "@pivot/core/internal";

const PHASE_LABEL: Record<TransferProgress["phase"], string> = { check: "Checking", verify: "Verifying", upload: "Uploading", download: "Downloading" };
/** A transfer shorter than this shows no progress at all. */
const SHOW_AFTER_MS = 700;
/** Redraw interval on a terminal; a line per interval otherwise (CI logs). */
const TTY_REDRAW_MS = 100;
const LOG_EVERY_MS = 5000;

export interface ProgressView {
  listener: ProgressListener;
  /** Clears the progress line (call before printing the summary). */
  finish(): void;
}

function renderLine(p: Readonly<TransferProgress>, elapsedMs: number): string {
  const objects = `${p.doneObjects}/${p.totalObjects} objects`;
  if (p.totalBytes === 0) return `${PHASE_LABEL[p.phase]} ${objects}`;
  const rate = elapsedMs > 0 ? ` ${formatBytes(Math.round((p.doneBytes / elapsedMs) * 1000))}/s` : "";
  const percent = Math.floor((p.doneBytes / p.totalBytes) * 100);
  const width = 20;
  const filled = Math.min(width, Math.floor((p.doneBytes / p.totalBytes) * width));
  return `${PHASE_LABEL[p.phase]} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}% ${objects}, ${formatBytes(p.doneBytes)}/${formatBytes(p.totalBytes)}${rate}`;
}

/**
 * Progress for bytes and objects on stderr, only for transfers that last: a line redrawn in place
 * on a terminal, a line every few seconds in logs. Nothing with --quiet.
 */
export function createProgressView(): ProgressView {
  const tty = process.stderr.isTTY === true;
  let phase: TransferProgress["phase"] | undefined;
  let phaseStart = 0;
  let lastDraw = 0;
  let drawn = false;
  const clear = () => {
    if (drawn && tty) writeStderr("\r\x1b[K");
    drawn = false;
  };
  const listener: ProgressListener = (progress) => {
    if (isQuiet()) return;
    const now = performance.now();
    if (progress.phase !== phase) {
      clear();
      phase = progress.phase;
      phaseStart = now;
      lastDraw = 0;
    }
    const elapsed = now - phaseStart;
    if (elapsed < SHOW_AFTER_MS || now - lastDraw < (tty ? TTY_REDRAW_MS : LOG_EVERY_MS)) return;
    lastDraw = now;
    const line = renderLine(progress, elapsed);
    if (tty) writeStderr(`\r\x1b[K${line}`);
    else writeStderr(`${line}\n`);
    drawn = true;
  };
  return { listener, finish: clear };
}
