import { stackFrames } from "../api/call-site";
import { toProjectPath } from "../model/paths";
import type { JobFailure } from "./ts-job";

/** pivot's own source (core): its frames are noise in a user's error. */
const CORE_DIR = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * A stage's error for the user: the message with the first frame in the project's own code
 * (`pipeline.ts:12`), and the chain of the user's frames as the detail. No raw stack trace.
 */
export function describeFailure(error: unknown, projectRoot: string): JobFailure {
  const build = buildMessageOf(error, projectRoot);
  if (build) return build;
  if (!(error instanceof Error)) return { error: `threw a non-error value: ${Bun.inspect(error, { depth: 2 })}` };
  const message = error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
  const frames = stackFrames(error.stack).filter(
    (f) => f.file.startsWith(`${projectRoot}/`) && !f.file.includes("/node_modules/") && !f.file.startsWith(`${CORE_DIR}/`),
  );
  const [first] = frames;
  if (!first) return { error: message };
  const where = (f: (typeof frames)[number]) => `${toProjectPath(projectRoot, f.file)}:${f.line}:${f.column}${f.fn ? ` (${f.fn})` : ""}`;
  return {
    error: `${message} (${toProjectPath(projectRoot, first.file)}:${first.line})`,
    detail: `thrown at ${frames.slice(0, 4).map(where).join(", called from ")}`,
  };
}

/** Bun reports syntax errors and failed resolution as BuildMessage/ResolveMessage, with a position. */
function buildMessageOf(error: unknown, projectRoot: string): JobFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, message, position } = error as { name?: unknown; message?: unknown; position?: { file?: string; line?: number; column?: number } | null };
  if ((name !== "BuildMessage" && name !== "ResolveMessage") || typeof message !== "string") return undefined;
  const text = message.replaceAll(`${projectRoot}/`, "");
  if (!position?.file) return { error: text };
  const file = position.file.startsWith(`${projectRoot}/`) ? toProjectPath(projectRoot, position.file) : position.file;
  return { error: `${text} (${file}:${position.line ?? 0}:${position.column ?? 0})` };
}
