import { defineCommand } from "citty";
import type { AnyCommand } from "@pivot/core/define";
import { hostContext, print, setOutputLevel } from "@pivot/core/host";
import { type Completions, completeWords } from "./complete-words";
import { projectValues } from "./project-values";

/** Last line of the output when the shell should add file names (the scripts look for it). */
const FILES_DIRECTIVE = ":files";

/** The lines the completion scripts read: the candidate, a tab and its description. */
function candidateLines({ candidates, files }: Completions): string[] {
  const lines = candidates.map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, " ")}` : c.value));
  return files ? [...lines, FILES_DIRECTIVE] : lines;
}

/**
 * `pivot __complete -- <words…>`: the words after `pivot` up to the cursor (the last one is the
 * word being completed, possibly empty). Prints one candidate per line and always exits 0: a
 * broken pipeline or config means fewer candidates, never an error in the shell.
 */
export const completeCommand = defineCommand({
  meta: { name: "__complete", description: "Completion candidates for a command line, one per line", hidden: true },
  args: { words: { type: "positional", required: false, description: "`--`, then the words after `pivot` up to the cursor" } },
  async run({ rawArgs }) {
    setOutputLevel("silent");
    const start = rawArgs.indexOf("--");
    const words = start === -1 ? rawArgs : rawArgs.slice(start + 1);
    const { registry } = hostContext();
    let completions: Completions = { candidates: [], files: false };
    try {
      completions = await completeWords(words.length > 0 ? words : [""], {
        commands: registry.commands().filter((c) => !c.hidden).sort((a, b) => a.name.localeCompare(b.name)),
        async loadCommand(name) {
          const entry = registry.command(name);
          if (!entry || entry.hidden) return undefined;
          return (typeof entry.load === "function" ? await entry.load() : entry.load) as AnyCommand;
        },
        values: (kind, options) => projectValues(kind, options).catch(() => []),
      });
    } catch {
      // A command that does not load offers nothing.
    }
    for (const line of candidateLines(completions)) print(line);
    process.exitCode = 0;
  },
});
