import { CHECKOUT_PROBLEMS, type DataCheckoutEntry, type DataCheckoutOutcome, type DataCheckoutReport, bold, cyan, dim, green, isVerbose, print, red, warn, yellow } from "@pivot/core/internal";

const LABEL: Record<DataCheckoutOutcome, string> = {
  restored: green("✔ restored "),
  relinked: green("✔ relinked "),
  "up-to-date": dim("· unchanged"),
  skipped: dim("· skipped  "),
  modified: yellow("✖ modified "),
  "missing-object": red("✖ missing  "),
  "corrupt-object": red("✖ corrupt  "),
  failed: red("✖ failed   "),
};

const HINTS: Partial<Record<DataCheckoutOutcome, string>> = {
  modified: "Modified data was left alone. `--force` replaces it with the cached version (losing the edits); `pivot commit` or `pivot track` records it instead.",
  "missing-object": "Fetch missing objects with `pivot pull`, or re-run the stages that produce them (`pivot repro`).",
  "corrupt-object": "Damaged objects were not used and were removed from the cache. Get good copies with `pivot pull`, or re-create them: `pivot repro --force <stage>` (tracked data: put the file back, then `pivot track` it).",
  failed: "See the messages above; fix the cause and run the checkout again.",
};

function line(entry: DataCheckoutEntry): string {
  return `${LABEL[entry.outcome]} ${bold(entry.path)} ${dim(`(${entry.source})`)}${entry.detail ? ` ${entry.detail}` : ""}`;
}

/** One line per placed or problematic item (unchanged ones with --verbose), a summary and the hints that apply. */
export function renderCheckout(report: DataCheckoutReport): void {
  for (const note of report.notes) warn(note);
  if (report.entries.length === 0) {
    print("Nothing to check out.");
    return;
  }
  const quietOutcomes = new Set<DataCheckoutOutcome>(["up-to-date", "skipped"]);
  for (const entry of report.entries) if (isVerbose() || !quietOutcomes.has(entry.outcome)) print(line(entry));
  const counts = new Map<DataCheckoutOutcome, number>();
  for (const entry of report.entries) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, n]) => `${n} ${outcome === "up-to-date" ? "unchanged" : outcome.replace("-object", "")}`);
  print(parts.join(", "));
  for (const [outcome, hint] of Object.entries(HINTS)) if (counts.has(outcome as DataCheckoutOutcome)) print(cyan(hint));
}

/** Whether the checkout should exit non-zero. */
export function checkoutFailed(report: DataCheckoutReport): boolean {
  return report.entries.some((e) => CHECKOUT_PROBLEMS.has(e.outcome));
}
