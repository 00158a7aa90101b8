import type { ArgsDef } from "citty";
import { type AnyCommand, type Project, defineCommand, withProject, positionalsOf } from "@pivot/core/internal";
import { diffRevArg, revisionsOf } from "./cli-options";
import { type Snapshot, diffSnapshots, showSnapshot } from "./git/snapshot";

/** The options the show/diff commands of params, metrics and plots read (each declares its own subset). */
export interface SnapshotArgs {
  _: string[];
  all?: boolean;
  strict?: boolean;
  json?: boolean;
  md?: boolean;
  precision?: string;
  unchanged?: boolean;
  output?: string;
  force?: boolean;
  open?: boolean;
}

export interface ShowContext {
  project: Project;
  args: SnapshotArgs;
  /** The positional targets (stages, files), empty for all. */
  targets: string[];
  /** The workspace, or the revision of `--rev`. */
  snapshot: Snapshot;
}

export interface DiffContext {
  project: Project;
  args: SnapshotArgs;
  targets: string[];
  /** HEAD and the workspace, `--rev A` and the workspace, or `--rev A` and `--rev B`. */
  sides: { old: Snapshot; new: Snapshot };
  labels: { old: string; new: string };
}

export interface SnapshotCommandsSpec {
  name: string;
  description: string;
  /** Options both sub-commands take. */
  args: ArgsDef;
  show: { description: string; revDescription: string; run(ctx: ShowContext): void | Promise<void> };
  diff: { description: string; args?: ArgsDef; run(ctx: DiffContext): void | Promise<void> };
}

/**
 * A `<name> show | diff` command over git snapshots: `show [--rev R]` reads one snapshot, `diff`
 * compares two (`--rev` given zero, one or two times). Both open the project (`--all`, `--strict`)
 * and close it; the spec says what each reads and prints.
 */
export function snapshotCommands(spec: SnapshotCommandsSpec): AnyCommand {
  const show = defineCommand({
    meta: { name: "show", description: spec.show.description },
    args: { ...spec.args, rev: { type: "string", alias: "r", valueHint: "REV", description: spec.show.revDescription } },
    async run({ args, rawArgs }) {
      const [rev] = revisionsOf(rawArgs, 1);
      const parsed = args as unknown as SnapshotArgs;
      await withProject({ all: parsed.all, strict: parsed.strict }, (project) =>
        spec.show.run({ project, args: parsed, targets: positionalsOf(parsed), snapshot: showSnapshot(project.root, rev) }),
      );
    },
  });
  const diff = defineCommand({
    meta: { name: "diff", description: spec.diff.description },
    args: { ...spec.args, ...diffRevArg, ...spec.diff.args },
    async run({ args, rawArgs }) {
      const revs = revisionsOf(rawArgs, 2);
      const parsed = args as unknown as SnapshotArgs;
      await withProject({ all: parsed.all, strict: parsed.strict }, (project) => {
        const sides = diffSnapshots(project.root, revs);
        return spec.diff.run({ project, args: parsed, targets: positionalsOf(parsed), sides, labels: { old: sides.old.label, new: sides.new.label } });
      });
    },
  });
  return defineCommand({ meta: { name: spec.name, description: spec.description }, subCommands: { show, diff } });
}
