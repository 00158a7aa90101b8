import { type OpenProjectOptions, type Project, openProject } from "../project/open-project";

/**
 * Opens the project for commands that also work on tracked data alone (`track`, `checkout`, `gc`,
 * `verify`, `status`): a project without any pipeline file is a project with no stages, not an error.
 */
export function openDataProject(options: OpenProjectOptions = {}): Promise<Project> {
  return openProject({ ...options, allowNoPipeline: true });
}
