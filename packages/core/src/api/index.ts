// What a pipeline.ts needs from @pivot/core: the Pipeline, loaders and their types, errors.
// TS stage workers load this instead of the whole package (see executor/light-core.ts); the
// package index exports all of it too.
export { Pipeline, PIPELINE_BRAND, isPipeline, type LoaderMap, type PipelineOptions, type RegisteredStage } from "./pipeline";
export { loaders, defineLoader, isLoader, type LoaderDefinition, type OutOptions } from "./loaders";
export * from "./loader-types";
export { CsvError, parseCsv, stringifyCsv, type CsvOptions } from "./csv";
export { PivotError, isPivotError, errorMessage, type PivotErrorCode, type PivotErrorOptions } from "../errors/pivot-error";
