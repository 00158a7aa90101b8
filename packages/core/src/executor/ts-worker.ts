/**
 * Entry of a TS stage worker. Receives one job at a time, runs it, answers `done`; the modules
 * it imports stay loaded for the next job. Console output goes back as `output` lines.
 */
import { describeFailure } from "./error-location";
import { runTsJob } from "./run-ts-job";
import type { FromWorker, ToWorker } from "./ts-job";
import { captureConsole } from "./worker-console";

declare const self: Worker;

let current: { id: number; projectRoot: string } | undefined;
const send = (message: FromWorker) => self.postMessage(message);
const flush = captureConsole((stream, text) => send({ type: "output", id: current?.id ?? 0, stream, text }));

/** An error escaping the stage (a stray timer or promise): report it, then let the pool replace us. */
function fatal(error: unknown): void {
  flush();
  send({ type: "fatal", id: current?.id, ...describeFailure(error, current?.projectRoot ?? "/nonexistent") });
  process.exit(1);
}
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const { id, job } = event.data;
  current = { id, projectRoot: job.projectRoot };
  const failure = await runTsJob(job);
  flush();
  send(failure ? { type: "done", id, ok: false, ...failure } : { type: "done", id, ok: true });
  current = undefined;
};
