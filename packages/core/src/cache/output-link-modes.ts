import type { LinkMode } from "../project/config-schema";

/** Modes that give a private, writable file: never a link into the cache. */
export const COPY_MODES: readonly LinkMode[] = ["reflink", "copy"];

/**
 * The link modes for placing an output: the configured ones, except that incremental outputs are
 * always private copies — their stage appends to them in place, which must never reach the cache.
 */
export function linkModesFor(out: { incremental: boolean }, modes: readonly LinkMode[]): readonly LinkMode[] {
  return out.incremental ? COPY_MODES : modes;
}
