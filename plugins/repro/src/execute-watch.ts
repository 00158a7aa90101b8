import {
  ConsoleSink,
  ConsoleWatchSink,
  JsonLinesSink,
  JsonWatchSink,
  hostContext,
  loadConfig,
  parseJobs,
  requireProjectRoot,
  watchPipeline,
  writeStderr,
} from "@pivot/core/internal";
import { type WatchCommandArgs, usage } from "./watch-flags";

function parseDebounce(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw usage(`--debounce must be a whole number of milliseconds, got '${raw}'`, "For example: --debounce 500");
  return ms;
}

/** Ctrl-C (or SIGTERM) stops watch mode: running stages are interrupted; a second Ctrl-C exits at once. */
function stopOnSignal(json: boolean): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    if (!json) writeStderr("\nStopping watch mode (Ctrl-C again to exit now)\n");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { signal: controller.signal, dispose: () => (process.off("SIGINT", onSignal), process.off("SIGTERM", onSignal)) };
}

/** `pivot repro --watch [targets]`: the flags in, the watch engine of @pivot/core, the views out. */
export async function executeWatch(args: WatchCommandArgs): Promise<void> {
  const cwd = process.cwd();
  const root = requireProjectRoot(cwd);
  const config = loadConfig(root);
  const debounceMs = parseDebounce(args.debounce) ?? config.watchDebounceMs;
  const jobs = parseJobs(args.jobs);
  const { registry } = hostContext();
  const backend = registry.watcherBackend();
  const json = Boolean(args.json);
  const stop = stopOnSignal(json);
  try {
    await watchPipeline({
      root,
      cwd,
      targets: args._,
      all: Boolean(args.all),
      strict: Boolean(args.strict),
      registry,
      debounceMs,
      restart: Boolean(args.restart),
      run: { force: Boolean(args.force), noCommit: Boolean(args.noCommit) || args.commit === false, jobs, keepGoing: Boolean(args.keepGoing) },
      backend,
      runSinks: () => [json ? new JsonLinesSink() : new ConsoleSink({ showOutput: args.showOutput })],
      events: json ? new JsonWatchSink() : new ConsoleWatchSink(),
      signal: stop.signal,
    });
    process.exitCode = 0;
  } finally {
    stop.dispose();
  }
}
