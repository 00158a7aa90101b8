import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Project, errorMessage, openProject, predictStages, summarizeReasons, toProjectPath } from "@pivot/core/internal";
import { carryOverDvcLock } from "./carry-over";
import { readDvcLock } from "./dvc-lock";
import type { Conversion } from "./import-dvc";

export interface ImportReport {
  upToDate: string[];
  willRun: Array<{ stage: string; reason: string }>;
}

/**
 * After pivot.yaml is written: carries dvc.lock results over where they are verifiably identical,
 * then predicts the next `repro`, so the report says exactly which stages will run and why.
 */
export async function migrateResults(projectRoot: string, input: string, output: string, conversion: Conversion): Promise<ImportReport> {
  let project: Project;
  try {
    project = await openProject({ cwd: dirname(output) });
  } catch (error) {
    return { upToDate: [], willRun: conversion.stages.map((stage) => ({ stage, reason: `the new pivot.yaml does not load: ${errorMessage(error)}` })) };
  }
  try {
    const file = toProjectPath(projectRoot, output);
    const stages = project.stages.filter((stage) => stage.pipeline.file === file);
    const lockFile = join(dirname(input), "dvc.lock");
    const dvcCache = join(dirname(input), ".dvc", "cache");
    const carried = existsSync(lockFile)
      ? await carryOverDvcLock(project, stages, readDvcLock(lockFile), conversion.dvcNames, dvcCache)
      : { carried: [], rerun: stages.map((stage) => ({ stage: stage.id, reason: "there is no dvc.lock to carry results over from" })) };
    const reasons = new Map(carried.rerun.map((entry) => [entry.stage, entry.reason]));
    try {
      const { predictions } = await predictStages(project, { targets: [], upstream: true, rememberHashes: true });
      for (const prediction of predictions) {
        if (prediction.willRun && !reasons.has(prediction.id)) reasons.set(prediction.id, prediction.error ?? summarizeReasons(prediction.reasons));
      }
    } catch (error) {
      for (const stage of stages) if (!reasons.has(stage.id)) reasons.set(stage.id, `pivot cannot check it yet: ${errorMessage(error)}`);
    }
    return {
      upToDate: carried.carried.filter((id) => !reasons.has(id)),
      willRun: stages.filter((stage) => reasons.has(stage.id)).map((stage) => ({ stage: stage.id, reason: reasons.get(stage.id)! })),
    };
  } finally {
    project.close();
  }
}
