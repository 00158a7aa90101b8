// What a pipeline.ts needs from @pivot/core: the Pipeline, loaders and their types, errors. It is
// the package index (`@pivot/core`), so a TS stage worker loads no engine code.
export { Pipeline, PIPELINE_BRAND, isPipeline, type LoaderMap, type PipelineOptions, type RegisteredStage } from "./pipeline";
export { loaders, defineLoader, isLoader, type LoaderDefinition, type OutOptions } from "./loaders";
export * from "./loader-types";
export { CsvError, parseCsv, stringifyCsv, type CsvOptions } from "./csv";
export { PivotError, isPivotError, errorMessage, type PivotErrorCode, type PivotErrorOptions } from "../errors/pivot-error";
