// The light entry of @pivot/core for the CLI host: what it needs before a command is chosen.
export * from "./errors/pivot-error";
export * from "./errors/did-you-mean";
export * from "./errors/fs-failure";
export * from "./plugin/plugin-registry";
export * from "./plugin/load-plugins";
export * from "./plugin/host-context";
export * from "./plugin/pivot-plugin";
export * from "./plugin/global-flags";
export { PLUGIN_API_VERSION } from "./plugin/plugin-api-version";
export { findProjectRoot } from "./project/project-root";
export { loadConfig } from "./project/config";
export { CONFIG_KEYS } from "./project/config-schema";
export * from "./ui/colors";
export * from "./ui/output";
export * from "./ui/std-write";
export * from "./project/all-pipelines-args";
