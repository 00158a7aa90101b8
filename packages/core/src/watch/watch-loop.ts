import type { RunEventSink } from "../engine/events";
import { errorMessage, isPivotError } from "../errors/pivot-error";
import { downstreamClosure } from "../graph/closure";
import { topoOrder } from "../graph/topo-order";
import { toProjectPath } from "../model/paths";
import type { FileWatcher, WatcherBackend } from "../plugin/watcher-backend";
import { ChangeBatcher } from "./change-batcher";
import { classifyChange, skipWhileWatching } from "./classify-change";
import { localSourceFiles } from "./source-imports";
import { listChanged, type WatchEventSink } from "./watch-events";
import { type WatchRunOptions, runWatchedStages } from "./watch-run";
import { type WatchSession, type WatchSessionOptions, fallbackWatchSet, mergeWatchSets, openWatchSession } from "./watch-session";
import type { WatchSet } from "./watched-paths";

export interface WatchOptions extends WatchSessionOptions {
  debounceMs: number;
  /** A change during a run stops the running stages and starts over (default: handled after the run). */
  restart: boolean;
  run: WatchRunOptions;
  backend: WatcherBackend;
  /** The sinks of one run's events (console view or JSON lines); a run log is added to them. */
  runSinks: () => RunEventSink[];
  events: WatchEventSink;
  /** Aborting stops watch mode (Ctrl-C): running stages are interrupted, then `watchPipeline` returns. */
  signal: AbortSignal;
}

/** Errors on the command line itself end watch mode at once instead of waiting for a fix. */
function isStartupMistake(error: unknown): boolean {
  return isPivotError(error) && (error.code === "STAGE_NOT_FOUND" || error.code === "PROJECT_NOT_FOUND" || error.code === "USAGE");
}

/**
 * `pivot repro --watch`: runs what is stale, then keeps the selected stages up to date as files
 * change, until `options.signal` aborts. See docs/watch.md.
 */
export async function watchPipeline(options: WatchOptions): Promise<void> {
  let session: WatchSession | undefined;
  try {
    session = await openWatchSession(options);
  } catch (error) {
    if (isStartupMistake(error)) throw error;
    reportLoadFailure(options.events, [], error);
  }
  await new WatchLoop(options, session).run();
}

function reportLoadFailure(events: WatchEventSink, changed: string[], error: unknown): void {
  const hint = isPivotError(error) ? error.hint : undefined;
  const code = isPivotError(error) ? error.code : undefined;
  events.handle({ type: "reload", ok: false, changed, error: errorMessage(error), ...(hint ? { hint } : {}), ...(code ? { code } : {}) });
}

class WatchLoop {
  readonly #options: WatchOptions;
  #session: WatchSession | undefined;
  #set: WatchSet;
  #broken: boolean;
  /** Stages of a run stopped by `--restart`, to run with the next batch. */
  #carried = new Set<string>();
  #running: AbortController | undefined;
  readonly #batcher: ChangeBatcher;
  #watcher: FileWatcher | undefined;

  constructor(options: WatchOptions, session: WatchSession | undefined) {
    this.#options = options;
    this.#session = session;
    this.#broken = session === undefined;
    this.#set = session?.set ?? fallbackWatchSet(options);
    this.#batcher = new ChangeBatcher({ debounceMs: options.debounceMs, onReadyWhileBusy: () => this.#restartRun() });
  }

  async run(): Promise<void> {
    const { signal, events } = this.#options;
    const stop = () => {
      this.#batcher.close();
      this.#running?.abort();
    };
    signal.addEventListener("abort", stop, { once: true });
    if (signal.aborted) stop();
    try {
      this.#watcher = await this.#options.backend.watch(this.#set.folders, {
        skip: (path, isDirectory) => skipWhileWatching(this.#set, path, isDirectory),
        onChange: (path) => this.#onChange(path),
        onError: (error) => events.handle({ type: "warning", message: `File watching failed: ${errorMessage(error)}`, hint: watchErrorHint(error) }),
      });
      if (this.#session && !signal.aborted) {
        const stages = this.#session.selected;
        events.handle({ type: "trigger", cause: "start", changed: [], changedCount: 0, stages });
        await this.#runStages(stages, this.#options.run.force);
      }
      this.#idle();
      for (let batch = await this.#batcher.next(); batch !== undefined; batch = await this.#batcher.next()) {
        try {
          await this.#handle(batch);
        } catch (error) {
          events.handle({ type: "warning", message: `Watch mode could not handle a change: ${errorMessage(error)}`, hint: "Still watching; report it if it happens again." });
        }
        if (signal.aborted) break;
        this.#idle();
      }
    } finally {
      signal.removeEventListener("abort", stop);
      this.#batcher.close();
      await this.#watcher?.close();
      this.#session?.project.close();
      events.handle({ type: "stop" });
    }
  }

  #onChange(absolutePath: string): void {
    const path = toProjectPath(this.#set.root, absolutePath);
    if (classifyChange(this.#set, path).kind !== "ignore") this.#batcher.push(path);
  }

  #idle(): void {
    if (this.#batcher.size === 0 && !this.#options.signal.aborted) {
      this.#options.events.handle({ type: "idle", folders: this.#set.folders.length, debounceMs: this.#options.debounceMs });
    }
  }

  /** `--restart`: a ready batch during a run stops the running stages; the batch runs next. */
  #restartRun(): void {
    if (!this.#options.restart || !this.#running || this.#running.signal.aborted) return;
    this.#options.events.handle({ type: "restart", ...listChanged(this.#batcher.pending()) });
    this.#running.abort();
  }

  async #handle(batch: string[]): Promise<void> {
    const changes = batch.map((path) => ({ path, change: classifyChange(this.#set, path) })).filter((c) => c.change.kind !== "ignore");
    if (changes.length === 0 && this.#carried.size === 0) return;
    const changed = changes.map((c) => c.path);
    if (this.#broken || changes.some((c) => c.change.kind === "reload")) {
      const session = await this.#reload(changed);
      if (!session) return;
      const stages = session.selected;
      this.#carried.clear();
      this.#options.events.handle({ type: "trigger", cause: "reload", ...listChanged(changed), stages });
      await this.#runStages(stages, false);
      return;
    }
    const graph = this.#set.graph;
    const seeds = changes.flatMap((c) => (c.change.kind === "data" ? c.change.stages : []));
    const affected = new Set([...downstreamClosure(graph, seeds)].filter((id) => this.#set.selected.has(id)));
    for (const id of this.#carried) affected.add(id);
    this.#carried.clear();
    if (affected.size === 0) return;
    const stages = topoOrder(graph, affected);
    this.#options.events.handle({ type: "trigger", cause: "data", ...listChanged(changed), stages });
    await this.#runStages(stages, false);
  }

  /** Loads the pipeline(s) again; on failure reports it, keeps watching, and returns undefined. */
  async #reload(changed: string[]): Promise<WatchSession | undefined> {
    const { events } = this.#options;
    let next: WatchSession;
    try {
      const loadedCode = localSourceFiles(this.#set.root, [...this.#set.definitions, ...this.#set.code]);
      next = await openWatchSession({ ...this.#options, loadedCode });
    } catch (error) {
      this.#broken = true;
      this.#set = mergeWatchSets(this.#set, fallbackWatchSet(this.#options));
      this.#watcher?.add(this.#set.folders);
      reportLoadFailure(events, changed, error);
      return undefined;
    }
    const before = new Set(this.#session?.project.stages.map((s) => s.id) ?? []);
    const after = new Set(next.project.stages.map((s) => s.id));
    this.#session?.project.close();
    this.#session = next;
    this.#set = next.set;
    this.#broken = false;
    // Add-only: folders no longer needed stay watched, and their changes are ignored by the classifier.
    this.#watcher?.add(this.#set.folders);
    events.handle({
      type: "reload",
      ok: true,
      ...listChanged(changed),
      stages: after.size,
      added: [...after].filter((id) => !before.has(id)),
      removed: [...before].filter((id) => !after.has(id)),
    });
    return next;
  }

  async #runStages(stages: readonly string[], force: boolean): Promise<void> {
    if (!this.#session || stages.length === 0) return;
    const running = new AbortController();
    this.#running = running;
    try {
      await runWatchedStages({
        project: this.#session.project,
        stages,
        force,
        options: this.#options.run,
        signal: AbortSignal.any([this.#options.signal, running.signal]),
        runSinks: this.#options.runSinks,
        events: this.#options.events,
      });
    } finally {
      this.#running = undefined;
    }
    // Stopped by --restart: what did not finish runs again with the changes that stopped it.
    if (running.signal.aborted && !this.#options.signal.aborted) for (const id of stages) this.#carried.add(id);
  }
}

function watchErrorHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOSPC" || code === "EMFILE") {
    return "The system ran out of file watches: raise them (sudo sysctl fs.inotify.max_user_watches=524288) or watch fewer stages.";
  }
  return "Watching goes on for the other files; restart `pivot repro --watch` if changes are missed.";
}
