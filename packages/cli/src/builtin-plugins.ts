import discoveryYaml from "@pivot/plugin-discovery-yaml";
import inspect from "@pivot/plugin-inspect";
import project from "@pivot/plugin-project";
import repro from "@pivot/plugin-repro";
import stateSqlite from "@pivot/plugin-state-sqlite";
import status from "@pivot/plugin-status";
import type { PivotPlugin } from "@pivot/core";

/** Plugins that ship with pivot, registered before any third-party plugin. */
export const builtinPlugins: PivotPlugin[] = [project, inspect, repro, status, discoveryYaml, stateSqlite];
