import { linkFromCache } from "../cache/cache-link";
import { dropCorruptObjects } from "../cache/drop-corrupt";
import { linkModesFor } from "../cache/output-link-modes";
import { PivotError } from "../errors/pivot-error";
import type { LockedOut } from "../lock/lock-data";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { CommitContext } from "./commit-outputs";

/**
 * Places a skipped stage's missing outputs back from the cache, re-hashing each object first (a
 * corrupt one is never linked). Returns the first output whose object turned out missing or
 * corrupt — the stage must then run instead; damaged objects are dropped from the cache so the run
 * stores fresh ones — or undefined when everything was placed. `remember`: record hash-cache rows.
 */
export async function restoreOutputs(stage: Stage, outs: readonly LockedOut[], ctx: CommitContext, remember: boolean): Promise<string | undefined> {
  for (const out of outs) {
    const incremental = stage.outs.some((o) => o.path === out.path && o.kind === "incremental");
    try {
      await linkFromCache(ctx.cacheDir, out.hash, fromProjectPath(ctx.projectRoot, out.path), { modes: linkModesFor({ incremental }, ctx.linkModes), verify: true });
    } catch (error) {
      if (!(error instanceof PivotError) || (error.code !== "CACHE_CORRUPT" && error.code !== "CACHE_MISSING")) throw error;
      if (error.code === "CACHE_CORRUPT") await dropCorruptObjects(ctx.cacheDir, out.hash);
      return out.path;
    }
    if (remember) await ctx.hasher.rememberPlaced(out.path, out.hash, ctx.cacheDir, ctx.store);
    else ctx.hasher.forget(out.path);
  }
  return undefined;
}
