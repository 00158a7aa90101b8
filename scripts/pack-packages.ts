/**
 * The workspace's published packages (packages/*, plugins/*), in publish order, packed into
 * tarballs with `bun pm pack` (which writes `workspace:*` ranges as the exact version).
 *
 *   bun scripts/pack-packages.ts [folder]     packs every package into folder (default dist/)
 *                                             and prints the tarballs in publish order
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Glob } from "bun";

export const REPO_ROOT = resolve(import.meta.dir, "..");

/** The package.json fields this script reads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder holding the package.json. */
  dir: string;
  manifest: Manifest;
}

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
}

/** Every package of the workspace, sorted by folder. */
export function readWorkspacePackages(root = REPO_ROOT): WorkspacePackage[] {
  return [...new Glob("{packages,plugins}/*/package.json").scanSync(root)].sort().map((rel) => {
    const dir = join(root, rel, "..");
    return { dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest };
  });
}

/** Names a consumer's install resolves from this package (dev dependencies are never installed). */
function installedDependencies(manifest: Manifest): string[] {
  return Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
}

/**
 * Each package after every workspace package it depends on, so each one published finds its
 * dependencies on the registry already; otherwise in folder order. Throws on a dependency cycle.
 */
export function publishOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byFolder = (a: WorkspacePackage, b: WorkspacePackage) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0);
  const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (pkg: WorkspacePackage, path: string[]): void => {
    const name = pkg.manifest.name;
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`Dependency cycle between workspace packages: ${[...path, name].join(" → ")}`);
    state.set(name, "visiting");
    const siblings = installedDependencies(pkg.manifest).flatMap((dep) => byName.get(dep) ?? []);
    for (const sibling of siblings.sort(byFolder)) visit(sibling, [...path, name]);
    state.set(name, "done");
    ordered.push(pkg);
  };
  for (const pkg of [...packages].sort(byFolder)) visit(pkg, []);
  return ordered;
}

/** Packs each package into `destination` with `bun pm pack`, in the order given. */
export async function packPackages(destination: string, packages: readonly WorkspacePackage[] = publishOrder(readWorkspacePackages())): Promise<PackedPackage[]> {
  mkdirSync(destination, { recursive: true });
  return Promise.all(
    packages.map(async ({ dir, manifest }) => {
      const proc = Bun.spawn(["bun", "pm", "pack", "--destination", destination, "--quiet"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      if (exitCode !== 0) throw new Error(`bun pm pack failed in ${dir} (exit ${exitCode}): ${stderr.trim()}`);
      const tarball = stdout.trim().split("\n").at(-1) ?? "";
      return { name: manifest.name, version: manifest.version, tarball: resolve(dir, tarball) };
    }),
  );
}

if (import.meta.main) {
  const destination = resolve(process.argv[2] ?? join(REPO_ROOT, "dist"));
  for (const packed of await packPackages(destination)) console.log(packed.tarball);
}
