import { type OpenProjectOptions, type Project, openProject } from "./open-project";

/**
 * Opens the project (its pipelines, config and state), runs `fn` with it and closes it, whether
 * `fn` returns or throws. Every command that reads the pipeline goes through it.
 */
export async function withProject<T>(options: OpenProjectOptions, fn: (project: Project) => T | Promise<T>): Promise<T> {
  const project = await openProject(options);
  try {
    return await fn(project);
  } finally {
    project.close();
  }
}
