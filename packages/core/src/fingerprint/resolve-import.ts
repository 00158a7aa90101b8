/**
 * Where an import specifier leads, for the fingerprint: project source code (walked), an installed
 * package (recorded as `name@version`), or a runtime builtin (ignored).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, sep } from "node:path";

export type ResolvedImport =
  | { kind: "builtin" }
  | { kind: "missing" }
  | { kind: "local"; file: string }
  /** `manifest`: the package.json read for the version (re-read to notice an upgrade). */
  | { kind: "package"; name: string; version: string; manifest?: string };

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:") || specifier.startsWith("bun:") || specifier === "bun") return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split("/")[0]!);
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function readManifest(file: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

/** `node_modules/<name>/package.json` as Node resolution finds it from `fromDir` (read fresh, not cached). */
function findInstalledManifest(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The nearest package.json with a name above a resolved file (workspace packages, tsconfig paths). */
function findOwningManifest(resolvedFile: string): string | undefined {
  for (let dir = dirname(resolvedFile); ; dir = dirname(dir)) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && readManifest(candidate)?.name) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A package name (`lodash`, `@scope/x/y`), not a path. */
export function isBareSpecifier(specifier: string): boolean {
  return !(specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === ".." || specifier.startsWith("/"));
}

/**
 * Resolves `specifier` imported from `fromFile`. Relative imports are local code. A bare specifier
 * is a package — recorded with the version in the package.json reached through `node_modules/<name>`
 * (so an upgrade that re-points the link is seen) — unless it leads to a file inside the project
 * that is not under `node_modules` (a workspace package, a tsconfig path): then it is local code.
 */
export function resolveImport(specifier: string, fromFile: string, projectRoot: string): ResolvedImport {
  if (isBuiltin(specifier)) return { kind: "builtin" };
  const fromDir = dirname(fromFile);
  const resolveFile = (): string | undefined => {
    try {
      return Bun.resolveSync(specifier, fromDir);
    } catch {
      return undefined;
    }
  };
  const isProjectCode = (file: string) => file.startsWith(`${projectRoot}${sep}`) && !file.includes(`${sep}node_modules${sep}`);
  if (!isBareSpecifier(specifier)) {
    const file = resolveFile();
    return file ? { kind: "local", file } : { kind: "missing" };
  }
  const name = packageNameOf(specifier);
  let manifest = findInstalledManifest(name, fromDir);
  if (!manifest || isProjectCode(realpathOr(manifest))) {
    const file = resolveFile();
    if (!file) return { kind: "missing" };
    const real = realpathOr(file);
    if (isProjectCode(real)) return { kind: "local", file: real };
    manifest ??= findOwningManifest(real);
  }
  const version = (manifest && readManifest(manifest)?.version) ?? "unknown";
  return { kind: "package", name, version, ...(manifest ? { manifest } : {}) };
}
