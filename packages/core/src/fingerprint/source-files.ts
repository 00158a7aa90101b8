import { readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { type ModuleInfo, analyzeModule } from "./module-analysis";
import { shortHash } from "./normalize-node";
import { type ResolvedImport, resolveImport } from "./resolve-import";

interface SourceEntry {
  signature: string;
  hash: string;
  text: string;
  module?: ModuleInfo;
}

const CODE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** True for files the fingerprint parses (the rest are hashed as data). */
export function isCodeFile(file: string): boolean {
  return CODE_FILE.test(file);
}

/**
 * Source files read by the fingerprint, each read, hashed and parsed at most once. A file is
 * looked at (stat) once until `clear`: one command sees one consistent version of the code.
 */
export class SourceFiles {
  readonly #entries = new Map<string, SourceEntry | undefined>();
  readonly #resolutions = new Map<string, ResolvedImport>();
  readonly #known = new Map<string, SourceEntry>();
  readonly #displays = new Map<string, string>();

  #entry(file: string): SourceEntry | undefined {
    if (this.#entries.has(file)) return this.#entries.get(file);
    let entry: SourceEntry | undefined;
    try {
      const stat = statSync(file, { bigint: true });
      const signature = `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
      const known = this.#known.get(file);
      if (known?.signature === signature) entry = known;
      else {
        const bytes = readFileSync(file);
        entry = { signature, hash: shortHash(bytes), text: bytes.toString("utf8") };
        this.#known.set(file, entry);
      }
    } catch {
      entry = undefined;
    }
    this.#entries.set(file, entry);
    return entry;
  }

  /** Project-relative POSIX path of a file (with `..` outside the project), for part names and messages. */
  display(file: string, projectRoot: string): string {
    const key = `${projectRoot}\0${file}`;
    let shown = this.#displays.get(key);
    if (shown === undefined) {
      const rel = relative(projectRoot, file);
      const posix = sep === "/" ? rel : rel.split(sep).join("/");
      shown = isAbsolute(posix) ? file : posix;
      this.#displays.set(key, shown);
    }
    return shown;
  }

  /** Content hash of a file, or undefined when it does not exist. */
  contentHash(file: string): string | undefined {
    return this.#entry(file)?.hash;
  }

  /** The parsed module (throws a PivotError on a syntax error or a missing file). */
  module(file: string, displayPath: string): ModuleInfo {
    const entry = this.#entry(file);
    if (!entry) throw new Error(`${displayPath} does not exist`);
    entry.module ??= analyzeModule(file, entry.text, displayPath);
    return entry.module;
  }

  /** Where `specifier` imported from `fromFile` leads (remembered until `clear`). */
  resolve(specifier: string, fromFile: string, projectRoot: string): ResolvedImport {
    const key = `${fromFile}\0${specifier}`;
    let resolved = this.#resolutions.get(key);
    if (!resolved) {
      resolved = resolveImport(specifier, fromFile, projectRoot);
      this.#resolutions.set(key, resolved);
    }
    return resolved;
  }

  /** Looks at the files again next time (parsed versions are kept while their stat matches). */
  clear(): void {
    this.#entries.clear();
    this.#resolutions.clear();
  }

  /** Forgets everything (memory). */
  forget(): void {
    this.clear();
    this.#known.clear();
    this.#displays.clear();
  }
}
