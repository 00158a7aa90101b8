import type { Stage } from "../model/pipeline";
import type { FingerprintContext } from "../plugin/executor-plugin";
import { CodeWalker } from "./code-walker";
import { FingerprintCache } from "./fingerprint-cache";
import { SourceFiles } from "./source-files";
import { addStageRoots } from "./stage-roots";

function sorted(parts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(parts).sort().map((key) => [key, parts[key]!]));
}

/**
 * Code fingerprints of TS stages (see docs/fingerprinting.md). Each stage's parts are cached in
 * its state store with the hashes of the files they came from; files are looked at once per
 * command (until `endCommand`), parsed at most once per version.
 */
export class TsFingerprinter {
  readonly #sources = new SourceFiles();
  readonly #cache = new FingerprintCache();

  /** Named parts of the stage's code: `run:…`, `fn:…`, `const:…`, `class:…`, `loader:…`, `pkg:…`. */
  fingerprint(stage: Stage, ctx: FingerprintContext): Record<string, string> {
    const hashOf = (file: string) => this.#sources.contentHash(file);
    const cached = this.#cache.read(ctx.store, stage, ctx.projectRoot, hashOf);
    if (cached) return cached;
    const walker = new CodeWalker(this.#sources, ctx.projectRoot);
    addStageRoots(walker, stage, ctx.projectRoot);
    const parts = sorted(walker.parts);
    this.#cache.write(ctx.store, stage, ctx.projectRoot, walker.files, parts);
    return parts;
  }

  /** Writes new cache entries and looks at the files afresh next time (call when a command ends). */
  endCommand(): void {
    this.#cache.flush();
    this.#sources.clear();
  }

  /** Forgets parsed files too (memory). */
  clear(): void {
    this.endCommand();
    this.#sources.forget();
  }
}
