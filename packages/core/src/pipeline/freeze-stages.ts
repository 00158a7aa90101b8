import { basename } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { baseName, matchTarget } from "../graph/select-targets";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { Project } from "../project/open-project";

export interface FreezeReport {
  /** Stages whose pipeline file was edited, with that file. */
  changed: Array<{ stages: string[]; file: string }>;
  /** Stages already in the asked state. */
  unchanged: string[];
}

/** A stage as declared in its file: one entry per stage, or one matrix template for all its variants. */
interface Declaration {
  file: string;
  name: string;
  stages: Stage[];
}

function declarationsOf(project: Project, ids: readonly string[]): Declaration[] {
  const byKey = new Map<string, Declaration>();
  for (const id of ids) {
    const stage = project.graph().stage(id);
    const name = stage.matrix ? baseName(stage.name) : stage.name;
    const key = `${stage.source.file}\0${name}`;
    const declaration = byKey.get(key) ?? { file: stage.source.file, name, stages: [] };
    declaration.stages.push(stage);
    byKey.set(key, declaration);
  }
  for (const declaration of byKey.values()) {
    const variants = project.stages.filter((s) => s.source.file === declaration.file && s.matrix && baseName(s.name) === declaration.name);
    const left = variants.filter((v) => !declaration.stages.includes(v));
    if (left.length > 0) {
      throw new PivotError("STAGE_NOT_EDITABLE", `Stage '${declaration.stages[0]!.id}' is one variant of the matrix stage '${declaration.name}' in ${declaration.file}`, {
        hint: `A matrix stage is frozen as a whole: \`pivot freeze ${declaration.name}\` (all ${variants.length} variants).`,
      });
    }
  }
  return [...byKey.values()];
}

/**
 * `pivot freeze` / `pivot unfreeze`: sets or removes `frozen: true` in the pipeline file of each
 * target, through the discovery plugin that reads that file. Nothing is edited unless every target
 * can be.
 */
export async function setStagesFrozen(project: Project, targets: readonly string[], frozen: boolean): Promise<FreezeReport> {
  const ids = [...new Set(targets.flatMap((t) => matchTarget(project.graph(), t)))];
  const declarations = declarationsOf(project, ids);
  const plugins = project.registry.discoveryPlugins();
  const edits = declarations.map((declaration) => {
    const plugin = plugins.find((p) => p.configFiles.includes(basename(declaration.file)));
    const stage = declaration.stages[0]!;
    if (!plugin?.setFrozen) {
      const at = stage.source.line === undefined ? declaration.file : `${declaration.file}:${stage.source.line}`;
      throw new PivotError("STAGE_NOT_EDITABLE", `Stage '${stage.id}' is declared in ${at}, which pivot does not edit`, {
        hint: frozen ? `Add \`frozen: true\` to the stage's options there.` : "Remove `frozen: true` from the stage's options there.",
      });
    }
    return { declaration, setFrozen: plugin.setFrozen.bind(plugin) };
  });
  const report: FreezeReport = { changed: [], unchanged: [] };
  for (const { declaration, setFrozen } of edits) {
    const ids = declaration.stages.map((s) => s.id);
    if (declaration.stages.every((s) => Boolean(s.frozen) === frozen)) {
      report.unchanged.push(...ids);
      continue;
    }
    if (await setFrozen(fromProjectPath(project.root, declaration.file), declaration.name, frozen)) report.changed.push({ stages: ids, file: declaration.file });
    else report.unchanged.push(...ids);
  }
  return report;
}
