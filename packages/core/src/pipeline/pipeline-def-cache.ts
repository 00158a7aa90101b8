import { statSync } from "node:fs";
import type { PipelineDef } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { StateStore } from "../plugin/state-backend";

const NAMESPACE = "pipeline-def";

/** Identity of a file's current version without reading it ("-" when missing). */
function fileSignature(absolute: string): string {
  try {
    const stat = statSync(absolute, { bigint: true });
    return `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
  } catch {
    return "-";
  }
}

interface CachedDef {
  version: string;
  signatures: Record<string, string>;
  def: PipelineDef;
}

function signaturesOf(projectRoot: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, fileSignature(fromProjectPath(projectRoot, f))]));
}

/**
 * Remembers parsed pipeline definitions in the pipeline's state DB, keyed by the definition file
 * and valid while it and its inputs keep their size, mtime and inode. Saves re-parsing a large
 * pivot.yaml on every command.
 */
export async function loadWithDefCache(
  store: StateStore,
  projectRoot: string,
  file: string,
  version: string,
  load: () => Promise<PipelineDef>,
): Promise<PipelineDef> {
  const raw = store.getCached(NAMESPACE, file);
  if (raw) {
    try {
      const cached = JSON.parse(raw) as CachedDef;
      const current = signaturesOf(projectRoot, Object.keys(cached.signatures));
      if (cached.version === version && Object.entries(cached.signatures).every(([f, sig]) => current[f] === sig)) return cached.def;
    } catch {
      // unreadable entry: parse again
    }
  }
  const before = fileSignature(fromProjectPath(projectRoot, file));
  const def = await load();
  const signatures = signaturesOf(projectRoot, [file, ...(def.inputs ?? [])]);
  // Only cache when the file did not change while it was being read.
  if (signatures[file] === before) store.putCached(NAMESPACE, file, JSON.stringify({ version, signatures, def } satisfies CachedDef));
  return def;
}
