/** Command options every command working on pipelines offers (spread into a citty `args`). */
export const allPipelinesArgs = {
  all: { type: "boolean", alias: "a", description: "Every pipeline in the project" },
  strict: { type: "boolean", description: "With --all: stop when a pipeline fails to load (default: warn and skip it)" },
} as const;
