import { existsSync, readFileSync } from "node:fs";
import { PivotError } from "../errors/pivot-error";
import { writeFileAtomic } from "./atomic-write";

/** Marks HTML pages pivot writes, so it may replace its own pages but never a user's file. */
export const GENERATED_BY_PIVOT = '<meta name="generator" content="pivot">';

/**
 * Writes a generated page (plots, DAG) atomically. An existing file pivot did not write is left
 * alone unless `force`: `--output README.md` must not cost anyone their README.
 */
export function writeReport(file: string, html: string, options: { force?: boolean } = {}): void {
  if (!options.force && existsSync(file) && !readFileSync(file, "utf8").includes(GENERATED_BY_PIVOT)) {
    throw new PivotError("FILE_EXISTS", `${file} exists and was not written by pivot; it was left untouched`, {
      hint: "Choose another --output, or add --force to replace it.",
    });
  }
  writeFileAtomic(file, html);
}
