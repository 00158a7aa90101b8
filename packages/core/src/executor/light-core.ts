/**
 * Workers load a light @pivot/core: importing the package index pulls in the whole engine (~100 ms
 * per worker), while a pipeline.ts needs only the API (`api/index.ts`). A Bun runtime plugin serves
 * the API in place of the index. A pipeline that imports another name from @pivot/core fails to
 * link; the pool then retries with the full package (`isLightCoreLinkError`).
 */
const CORE_INDEX = new URL("../index.ts", import.meta.url).pathname;
const API_INDEX = new URL("../api/index.ts", import.meta.url).pathname;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let installed = false;

/** From now on, imports of this core's index (by any specifier) get the API module instead. */
export function installLightCore(): void {
  if (installed) return;
  installed = true;
  Bun.plugin({
    name: "pivot-light-core",
    setup(build) {
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(CORE_INDEX)}$`) }, () => ({ contents: `export * from ${JSON.stringify(API_INDEX)};\n`, loader: "ts" }));
    },
  });
}

/** True when an import failed because it asked the light core for a name only the full package has. */
export function isLightCoreLinkError(error: unknown): boolean {
  return installed && error instanceof SyntaxError && error.message.includes(CORE_INDEX);
}
