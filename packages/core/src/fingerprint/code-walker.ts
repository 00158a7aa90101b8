/**
 * Collects the named parts of a stage's code: starting from root nodes (the stage function, its
 * loaders), every module-level declaration they reach — in the same file or, through relative
 * imports and re-exports, in other project files — plus `name@version` of the packages they use.
 */
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { AstNode } from "./ast";
import type { CodeRef } from "./free-references";
import type { ImportBinding, ModuleInfo } from "./module-analysis";
import { isBareSpecifier, packageNameOf } from "./resolve-import";
import { type SourceFiles, isCodeFile } from "./source-files";

export class CodeWalker {
  /** Part name → hash (or `name@version` for packages). */
  readonly parts: Record<string, string> = {};
  /** Every file read (absolute path → content hash): the fingerprint is valid while they are unchanged. */
  readonly files = new Map<string, string>();
  readonly #visited = new Set<string>();
  readonly #sources: SourceFiles;
  readonly #projectRoot: string;

  constructor(sources: SourceFiles, projectRoot: string) {
    this.#sources = sources;
    this.#projectRoot = projectRoot;
  }

  /** Project-relative POSIX path (with `..` for files outside the project). */
  display(file: string): string {
    return this.#sources.display(file, this.#projectRoot);
  }

  /** The parsed module of a file, recorded as an input. */
  module(file: string): ModuleInfo {
    const display = this.display(file);
    try {
      const info = this.#sources.module(file, display);
      this.#recordFile(file);
      return info;
    } catch (error) {
      if (error instanceof PivotError) throw error;
      throw new PivotError("PIPELINE_INVALID", `Cannot read ${display} to fingerprint it: ${errorMessage(error)}`, {
        hint: "Check that the file exists and is readable.",
      });
    }
  }

  #recordFile(file: string): void {
    this.files.set(file, this.#sources.contentHash(file) ?? "missing");
  }

  /** Adds a root part (hash of `node`) and everything it reaches. */
  addRoot(module: ModuleInfo, part: string, node: AstNode): void {
    const { hash, refs } = module.analyze(node);
    this.parts[part] = hash;
    this.#walkRefs(module, refs);
  }

  /** Adds a data file by content (`file:<path>`). */
  addFile(file: string): void {
    this.#recordFile(file);
    this.parts[`file:${this.display(file)}`] = this.files.get(file)!;
  }

  #walkRefs(module: ModuleInfo, refs: readonly CodeRef[]): void {
    for (const ref of refs) {
      if ("dynamicImport" in ref) this.#followImport(module, { source: ref.dynamicImport, imported: "*" });
      else this.#followName(module, ref.name, ref.member);
    }
  }

  #followName(module: ModuleInfo, name: string, member?: string): void {
    const declaration = module.declarations.get(name);
    if (declaration) {
      const part = `${declaration.kind}:${name} ${this.display(module.file)}`;
      if (this.#visited.has(part)) return;
      this.#visited.add(part);
      const { hash, refs } = module.analyze(declaration.node);
      this.parts[part] = hash;
      this.#walkRefs(module, refs);
      return;
    }
    const binding = module.imports.get(name);
    if (binding) this.#followImport(module, binding, member);
    // Anything else is a global (console, Math, fetch…): not project code.
  }

  #followImport(module: ModuleInfo, binding: ImportBinding, member?: string): void {
    const target = this.#sources.resolve(binding.source, module.file, this.#projectRoot);
    switch (target.kind) {
      case "builtin":
        return;
      case "missing":
        if (isBareSpecifier(binding.source)) this.parts[`pkg:${packageNameOf(binding.source)}`] = `${packageNameOf(binding.source)} (not installed)`;
        else this.parts[`import:${binding.source} ${this.display(module.file)}`] = "unresolved";
        return;
      case "package":
        this.parts[`pkg:${target.name}`] = `${target.name}@${target.version}`;
        if (target.manifest) this.#recordFile(target.manifest);
        return;
      case "local": {
        if (!isCodeFile(target.file)) return this.addFile(target.file);
        const imported = this.module(target.file);
        if (binding.imported !== "*") this.followExport(imported, binding.imported);
        else if (member !== undefined) this.followExport(imported, member);
        else this.#followAllExports(imported);
        return;
      }
    }
  }

  /** Follows an exported name to its declaration (false when the module has no such export), through `export { x } from`, imports and `export *`. */
  followExport(module: ModuleInfo, name: string, depth = 0): boolean {
    if (depth > 50) return false;
    const target = module.exports.get(name);
    if (target && "local" in target) {
      this.#followName(module, target.local);
      return true;
    }
    if (target) {
      this.#followImport(module, target);
      return true;
    }
    if (name === "default") return false;
    for (const source of module.starExports) {
      const resolved = this.#sources.resolve(source, module.file, this.#projectRoot);
      if (resolved.kind !== "local" || !isCodeFile(resolved.file)) {
        if (resolved.kind === "package") this.#followImport(module, { source, imported: name });
        continue;
      }
      if (this.followExport(this.module(resolved.file), name, depth + 1)) return true;
    }
    return false;
  }

  /** A namespace used as a whole (`import * as u` passed around, `import()`): every export counts. */
  #followAllExports(module: ModuleInfo): void {
    const part = `all:${module.file}`;
    if (this.#visited.has(part)) return;
    this.#visited.add(part);
    for (const name of module.exports.keys()) this.followExport(module, name);
    for (const source of module.starExports) this.#followImport(module, { source, imported: "*" });
  }
}
