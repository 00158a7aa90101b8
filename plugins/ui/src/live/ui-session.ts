import { debug, errorMessage, withProject } from "@pivot/core/internal";
import { type GraphModel, graphModel } from "../state/graph-model";
import { stageStates } from "../state/stage-states";
import { EventHub } from "./event-hub";
import { LiveStates } from "./live-states";
import { RunLogTail } from "./run-log-tail";
import { anyStageRunning } from "./running-markers";

export interface SessionOptions {
  all: boolean;
  strict?: boolean;
  /** How often the run logs are polled (ms). */
  pollMs?: number;
  /** How long the logs must stay quiet, with nothing running, before the states are checked again (ms). */
  settleMs?: number;
}

/**
 * The server side of one `pivot ui`: the graph, the states, and the live feed. It learns about runs
 * by tailing the run logs (see docs/design/ui.md) and re-checks the states once a run has settled.
 */
export class UiSession {
  readonly hub = new EventHub();
  readonly states = new LiveStates();
  readonly options: Required<SessionOptions>;
  projectRoot: string;
  graph: GraphModel;
  #stateDirs: string[];
  #tail: RunLogTail;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #lastEventMs = 0;
  #eventsSinceCheck = 0;
  #checking: Promise<void> | undefined;
  #wantsCheck = false;
  #closed = false;

  private constructor(projectRoot: string, graph: GraphModel, stateDirs: string[], options: SessionOptions) {
    this.projectRoot = projectRoot;
    this.graph = graph;
    this.#stateDirs = stateDirs;
    this.options = { pollMs: 250, settleMs: 1000, strict: false, ...options };
    this.#tail = new RunLogTail(projectRoot);
  }

  /** Loads the pipeline and lays it out (fails like `pivot dag` on a broken pipeline). */
  static async open(options: SessionOptions): Promise<UiSession> {
    const { root, graph, stateDirs } = await withProject({ all: options.all, strict: options.strict === true, allowMissingDeps: true }, (project) => ({
      root: project.root,
      graph: graphModel(project),
      stateDirs: project.pipelines.map((p) => p.stateDir),
    }));
    return new UiSession(root, graph, stateDirs, options);
  }

  /** Starts polling the run logs and the first state check. */
  start(): void {
    this.#timer = setInterval(() => this.#poll(), this.options.pollMs);
    this.#pingTimer = setInterval(() => this.hub.ping(), 15_000);
    this.requestCheck();
  }

  /** Asks for a state check: now when nothing runs, else once the run settles. */
  requestCheck(): void {
    this.#wantsCheck = true;
    this.#maybeCheck();
  }

  /** Resolves when no check is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#checking) await this.#checking;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    this.hub.closeAll();
  }

  #poll(): void {
    let events;
    try {
      events = this.#tail.poll();
    } catch (error) {
      debug(`pivot ui: reading run logs failed: ${errorMessage(error)}`);
      return;
    }
    for (const event of events) {
      this.#lastEventMs = Date.now();
      this.#eventsSinceCheck++;
      if (event.type === "stage-output") {
        this.hub.send("log", event);
        continue;
      }
      const status = this.states.apply(event);
      if (status) this.hub.send("stage", status);
      if (event.type === "stage-end") this.#wantsCheck = true;
    }
    this.#maybeCheck();
  }

  #settled(): boolean {
    return Date.now() - this.#lastEventMs >= this.options.settleMs && this.states.running().length === 0 && !anyStageRunning(this.#stateDirs);
  }

  #maybeCheck(): void {
    if (!this.#wantsCheck || this.#checking || this.#closed) return;
    if (this.#lastEventMs > 0 && !this.#settled()) return;
    this.#wantsCheck = false;
    this.#checking = this.#check().finally(() => {
      this.#checking = undefined;
    });
  }

  async #check(): Promise<void> {
    const seen = this.#eventsSinceCheck;
    this.hub.send("checking", { startedAtMs: Date.now() });
    try {
      const { report, graph } = await withProject({ all: this.options.all, strict: this.options.strict, allowMissingDeps: true }, async (project) => ({
        report: await stageStates(project, { all: this.options.all }),
        graph: graphModel(project),
      }));
      if (this.#closed) return;
      if (this.#eventsSinceCheck !== seen) {
        // A run reported something while we looked: what we read may be half old. Look again later.
        this.#wantsCheck = true;
        return;
      }
      if (JSON.stringify(graph) !== JSON.stringify(this.graph)) {
        this.graph = graph;
        this.hub.send("graph", { changedAtMs: Date.now() });
      }
      this.states.replace(report);
      this.hub.send("states", this.states.report());
    } catch (error) {
      this.hub.send("check-failed", { error: errorMessage(error) });
    }
  }
}
