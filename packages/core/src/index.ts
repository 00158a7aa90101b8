// Public surface of @pivot/core. Plugins and commands import from here only.
export * from "./errors/pivot-error";
export * from "./errors/did-you-mean";
export * from "./model/stage";
export * from "./model/pipeline";
export * from "./model/paths";
export * from "./plugin/pivot-plugin";
export * from "./plugin/discovery-plugin";
export * from "./plugin/state-backend";
export * from "./plugin/remote-backend";
export * from "./plugin/executor-plugin";
export * from "./project/project-root";
export * from "./project/config-schema";
export * from "./project/config";
export * from "./project/config-edit";
export * from "./fs/atomic-write";
