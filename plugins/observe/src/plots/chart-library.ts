import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PivotError } from "@pivot/core/internal";

let cached: string | undefined;

/**
 * The Chart.js UMD bundle (MIT; its licence banner is kept), read from the installed package so
 * it can be inlined into the page: the HTML then opens offline, with no network access at all.
 */
export function chartLibrarySource(): string {
  if (cached !== undefined) return cached;
  const entry = Bun.resolveSync("chart.js", import.meta.dir);
  const bundle = join(dirname(entry), "chart.umd.min.js");
  if (!existsSync(bundle)) {
    throw new PivotError("INTERNAL", `The chart library bundle is missing (${bundle})`, { hint: "Reinstall pivot's dependencies (bun install)." });
  }
  // Inside a <script> element only "</script" could end it early; escape it just in case.
  cached = readFileSync(bundle, "utf8").replaceAll("</script", "<\\/script");
  return cached;
}
