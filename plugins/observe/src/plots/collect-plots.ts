import type { PlotOptions, Project, Stage } from "@pivot/core/internal";
import { readOutputs } from "../git/read-outputs";
import type { Snapshot } from "../git/snapshot";
import type { FileTarget } from "../stage-targets";
import { type PlotData, parsePlotData } from "./plot-data";

/** A declared plot output (file or folder of files), or a path named on the command line. */
export interface PlotSource {
  path: string;
  isDir: boolean;
  stage?: Stage;
  options: PlotOptions;
}

/** A plot file found in a snapshot, with its raw bytes (for change detection) and parsed data. */
export interface PlotFile {
  path: string;
  source: PlotSource;
  bytes: Uint8Array;
  data: PlotData;
}

const PLOT_FILE = /\.(csv|tsv|json|ya?ml|png|jpe?g|gif|svg|webp)$/i;

/** Plot outputs of the targets: stages give their `plots`, paths are taken as they are. */
export function plotSources(project: Project, targets: readonly FileTarget[]): PlotSource[] {
  const ofStage = (stage: Stage): PlotSource[] =>
    stage.outs.filter((out) => out.kind === "plot").map((out) => ({ path: out.path, isDir: out.isDir, stage, options: out.plot ?? {} }));
  if (targets.length === 0) return project.stages.flatMap(ofStage);
  const declared = new Map(project.stages.flatMap((stage) => ofStage(stage).map((source) => [source.path, source] as const)));
  const sources = targets.flatMap((target) =>
    target.kind === "stage" ? ofStage(target.stage) : [declared.get(target.path) ?? { path: target.path, isDir: !PLOT_FILE.test(target.path), options: {} }],
  );
  return [...new Map(sources.map((source) => [source.path, source])).values()];
}

/** The plot files of the sources present in a snapshot (folders expanded), parsed. */
export function plotFilesAt(project: Project, sources: readonly PlotSource[], snapshot: Snapshot): Map<string, PlotFile> {
  const wanted: Array<{ path: string; source: PlotSource }> = [];
  for (const source of sources) {
    if (!source.isDir) wanted.push({ path: source.path, source });
    else for (const path of snapshot.list(source.path)) if (PLOT_FILE.test(path)) wanted.push({ path, source });
  }
  const contents = readOutputs(project, wanted.map(({ path, source }) => ({ path, stage: source.isDir ? undefined : source.stage })), snapshot);
  const files = new Map<string, PlotFile>();
  for (const { path, source } of wanted) {
    const bytes = contents.get(path);
    if (bytes !== undefined) files.set(path, { path, source, bytes, data: parsePlotData(path, bytes, snapshot.label) });
  }
  return files;
}
