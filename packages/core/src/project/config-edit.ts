import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../fs/atomic-write";
import { PivotError } from "../errors/pivot-error";
import { type ConfigScope, globalConfigPath, parseConfigValue, projectConfigPath, validateConfigValue } from "./config";

function configFileFor(scope: ConfigScope, projectRoot: string | undefined): string {
  if (scope === "global") return globalConfigPath();
  if (!projectRoot) {
    throw new PivotError("PROJECT_NOT_FOUND", "No pivot project here to configure", {
      hint: "Run `pivot init` first, or use --global.",
    });
  }
  return projectConfigPath(projectRoot);
}

/** The config file as an editable YAML document (comments kept). The parser loads only for edits. */
async function loadDocument(file: string) {
  const { parseDocument } = await import("yaml");
  return parseDocument(existsSync(file) ? readFileSync(file, "utf8") : "");
}

/** Sets `key` in the chosen config file, keeping its comments and layout. Returns the stored value. */
export async function setConfigValue(scope: ConfigScope, projectRoot: string | undefined, key: string, raw: string): Promise<unknown> {
  const file = configFileFor(scope, projectRoot);
  const value = parseConfigValue(key, raw);
  validateConfigValue(key, value, `pivot config set`);
  const doc = await loadDocument(file);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  doc.setIn(key.split("."), value);
  writeFileAtomic(file, doc.toString());
  return value;
}

/** Removes `key` from the chosen config file. Returns false when it was not set there. */
export async function unsetConfigValue(scope: ConfigScope, projectRoot: string | undefined, key: string): Promise<boolean> {
  const file = configFileFor(scope, projectRoot);
  if (!existsSync(file)) return false;
  const doc = await loadDocument(file);
  const path = key.split(".");
  if (!doc.hasIn(path)) return false;
  doc.deleteIn(path);
  // Drop parents left empty so the file stays tidy.
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = doc.getIn(path.slice(0, depth)) as { items?: unknown[] } | undefined;
    if (parent?.items && parent.items.length === 0) doc.deleteIn(path.slice(0, depth));
  }
  writeFileAtomic(file, doc.toString());
  return true;
}
