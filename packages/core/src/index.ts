// @pivot/core: the pipeline API a pipeline.ts imports (Pipeline, loaders and their types, CSV,
// errors; docs/pipeline-ts.md). Plugins import @pivot/core/plugin (docs/plugins.md).
export * from "./api/index";
