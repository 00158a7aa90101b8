import { type GarbageReport, type RemoteGarbageReport, dim, formatAge, formatBytes, isVerbose, print, warn } from "@pivot/core/internal";
import { plural } from "./format";

const LISTED = 20;

/** The objects a dry run would remove, largest first (all with --verbose). */
function listObjects(objects: ReadonlyArray<{ hash: string; sizeBytes: number }>): void {
  const shown = isVerbose() ? objects : objects.slice(0, LISTED);
  for (const o of shown) print(`  ${formatBytes(o.sizeBytes).padStart(10)}  ${o.hash}`);
  if (shown.length < objects.length) print(dim(`  … and ${objects.length - shown.length} more (--verbose or --json lists them all)`));
}

function keptFrom(revisions: number): string {
  return revisions > 0 ? ` (workspace and ${plural(revisions, "commit")})` : "";
}

function warnAboutHistory(report: { unreadable: string[]; unknownFolders: number }): void {
  if (report.unreadable.length > 0) {
    warn(`${plural(report.unreadable.length, "lock or tracking file")} of other revisions could not be read and kept nothing: ${report.unreadable.slice(0, 3).join("; ")}${report.unreadable.length > 3 ? "; …" : ""}`);
  }
  if (report.unknownFolders > 0) {
    warn(`${plural(report.unknownFolders, "folder")} recorded by other revisions or the run cache ${report.unknownFolders === 1 ? "has" : "have"} no manifest here: only the manifest hash was kept`, "Those folders cannot be restored from this store anyway.");
  }
}

export function renderLocalGarbage(report: GarbageReport): void {
  warnAboutHistory(report);
  const what = `${plural(report.removed, "object")}${report.temps > 0 ? ` and ${plural(report.temps, "stale temp file")}` : ""} (${formatBytes(report.removedBytes)})`;
  const runCache = report.runCache.removed > 0 ? `, ${plural(report.runCache.removed, "run-cache entry", "run-cache entries")}` : "";
  print(`${report.dryRun ? "Would remove" : "Removed"} ${what}${runCache}; ${report.kept} referenced kept${keptFrom(report.revisions)}.`);
  if (report.dryRun) listObjects(report.removedObjects);
}

export function renderRemoteGarbage(report: RemoteGarbageReport): void {
  warnAboutHistory(report);
  const where = `remote '${report.remote.name}'`;
  const what = `${plural(report.deleted, "object")} (${formatBytes(report.deletedBytes)})`;
  const runCache = report.runCache.removed > 0 ? `, ${plural(report.runCache.removed, "run-cache record")}` : "";
  print(`${report.dryRun ? "Would delete" : "Deleted"} ${what}${runCache} from ${where}; ${report.kept} referenced kept (${formatBytes(report.keptBytes)})${keptFrom(report.revisions)}.`);
  if (report.young > 0) {
    print(`${plural(report.young, "unreferenced object")} (${formatBytes(report.youngBytes)}) kept: written less than ${formatAge(report.graceMs)} ago (--grace).`);
  }
  if (report.dryRun) listObjects(report.deletedObjects);
}
