import { defineCommand } from "citty";
import { bold, cyan, dim, green, hostContext, print, printJson, red, yellow } from "@pivot/core/internal";
import type { DoctorCheck } from "./doctor/doctor-check";
import { runDoctor } from "./doctor/run-doctor";

const MARK: Record<DoctorCheck["status"], string> = { ok: green("✔"), warn: yellow("⚠"), error: red("✖") };

function renderChecks(checks: readonly DoctorCheck[]): void {
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) {
    print(`${MARK[check.status]} ${bold(check.name.padEnd(width))}  ${check.status === "ok" ? dim(check.message) : check.message}`);
    if (check.fix) print(`  ${" ".repeat(width)}  ${cyan(`→ ${check.fix}`)}`);
  }
  const errors = checks.filter((c) => c.status === "error").length;
  const warnings = checks.filter((c) => c.status === "warn").length;
  if (errors > 0) print(red(`${errors} problem(s) to fix${warnings ? `, ${warnings} warning(s)` : ""}.`));
  else print(green(`All good${warnings ? ` (${warnings} warning(s))` : ""}.`));
}

export const doctorCommand = defineCommand({
  meta: { name: "doctor", description: "Check Bun, the project, config, cache, state DBs and remotes" },
  args: {
    json: { type: "boolean", description: "Print a JSON report" },
  },
  async run({ args }) {
    const checks = await runDoctor(process.cwd(), hostContext().registry);
    const healthy = checks.every((c) => c.status !== "error");
    if (!healthy) process.exitCode = 1;
    if (args.json) printJson({ ok: healthy, checks });
    else renderChecks(checks);
  },
});
