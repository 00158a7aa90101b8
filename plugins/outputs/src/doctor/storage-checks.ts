import { constants, accessSync, copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { PIVOT_DIR, type PivotConfig, type PluginRegistry, errorMessage } from "@pivot/core/internal";
import { type DoctorCheck, failure, ok, warning } from "./doctor-check";

/** The folder itself, or its closest existing ancestor (what decides writability and the device). */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Cache folder: a writable directory (or creatable), probed with a real temp file. */
export function checkCache(config: PivotConfig): DoctorCheck {
  const dir = config.cacheDir;
  if (!existsSync(dir)) {
    const parent = existingAncestor(dir);
    try {
      accessSync(parent, constants.W_OK);
      return ok("cache", `${dir} (not created yet; made on first use)`);
    } catch {
      return failure("cache", `${dir} does not exist and ${parent} is not writable`, `Make ${parent} writable, or point cache.dir elsewhere: \`pivot config cache.dir <path>\`.`);
    }
  }
  if (!statSync(dir).isDirectory()) return failure("cache", `${dir} is not a folder`, "Move that file away, or set cache.dir to a folder.");
  const probe = join(dir, `.doctor-${process.pid}.tmp`);
  try {
    writeFileSync(probe, "probe");
    rmSync(probe, { force: true });
    return ok("cache", `${dir} (writable)`);
  } catch (error) {
    return failure("cache", `cannot write to ${dir}: ${errorMessage(error)}`, `Make it writable by this user: \`chmod -R u+w ${dir}\`, or set cache.dir elsewhere.`);
  }
}

function canReflink(dir: string): boolean {
  let probeDir: string | undefined;
  try {
    probeDir = mkdtempSync(join(dir, ".doctor-"));
    writeFileSync(join(probeDir, "a"), "probe");
    copyFileSync(join(probeDir, "a"), join(probeDir, "b"), constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    return false;
  } finally {
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
  }
}

/** What the configured link modes mean on this machine: reflink support, cross-device hardlinks, root. */
export function checkLinkModes(root: string, config: PivotConfig, isRoot = process.getuid?.() === 0): DoctorCheck[] {
  const modes = config.linkModes;
  const checks: DoctorCheck[] = [];
  const probeDir = existingAncestor(config.cacheDir);
  if (modes[0] === "reflink") {
    checks.push(
      canReflink(probeDir)
        ? ok("link", "reflink works here: outputs are copy-on-write clones of the cache")
        : ok("link", `reflink is not supported by this file system; ${modes[1] ?? "nothing"} is used instead${modes[1] === "copy" ? " (full copies)" : ""}`),
    );
  } else {
    checks.push(ok("link", `cache.link is ${modes.join(",")}`));
  }
  if (modes.includes("hardlink") && statSync(probeDir).dev !== statSync(root).dev) {
    checks.push(warning("link", "the cache is on another file system than the project: hardlinks cannot cross it", "Move the cache into the project's file system (cache.dir), or drop hardlink from cache.link."));
  }
  if (isRoot && (modes[0] === "hardlink" || modes[0] === "symlink")) {
    checks.push(
      warning(
        "link",
        `running as root with cache.link ${modes[0]}: read-only permissions do not stop root from writing through a linked output into the cache`,
        "pivot notices such edits (sealed objects, re-hash before use) but cannot prevent them; prefer cache.link reflink,copy, or run pivot as a regular user.",
      ),
    );
  }
  return checks;
}

/** Each state DB opens and answers a query. A missing one is fine: it is created on first use. */
export function checkStateDbs(root: string, stateDirs: readonly string[], registry: PluginRegistry): DoctorCheck[] {
  return [...new Set([join(root, PIVOT_DIR), ...stateDirs])].sort().map((stateDir) => {
    const name = `state ${relative(root, stateDir) || "."}`;
    if (!existsSync(join(stateDir, "state.db"))) return ok(name, "no state DB yet (created on first run)");
    try {
      const store = registry.stateBackend().open(stateDir);
      try {
        store.listRuns(1);
        if (store.recoveredFrom) {
          return warning(name, `the state DB was unreadable; it was moved to ${store.recoveredFrom} and rebuilt`, `Nothing is lost (it caches hashes and history); delete ${store.recoveredFrom} when you like.`);
        }
        return ok(name, "state DB opens");
      } finally {
        store.close();
      }
    } catch (error) {
      return failure(name, errorMessage(error), `Check the permissions of ${stateDir}; deleting its state.db is always safe (it is rebuilt).`);
    }
  });
}
