import { PivotError } from "../errors/pivot-error";
import type { Remote, TransferHooks } from "../plugin/remote-backend";
import { formatAge } from "../ui/duration";

/** Default of `remote.timeoutMs`: how long a remote may stay silent before pivot gives up on it. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 10_000;

function timeoutError(name: string, what: string, timeoutMs: number, setting: string): PivotError {
  return new PivotError("REMOTE_TIMEOUT", `Remote '${name}' did not answer ${what} within ${formatAge(timeoutMs)}`, {
    hint: `The remote is slow or unreachable. Raise ${setting} if it is only slow, or check the endpoint and the network.`,
  });
}

/**
 * Runs `start` with a deadline `timeoutMs` after the last sign of life: `alive()` (bytes moved)
 * pushes the deadline back, so a large transfer that keeps moving is never cut, a stalled one is.
 * The request itself cannot be cancelled through the Remote interface: it is abandoned.
 */
function withDeadline<T>(timeoutMs: number, fail: () => Error, start: (alive: () => void) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const arm = () => {
      if (settled) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        reject(fail());
      }, timeoutMs);
    };
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      fn();
    };
    arm();
    start(arm).then(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
  });
}

/**
 * A remote whose every request is bounded: a call that gets no answer (no bytes, no result) for
 * `timeoutMs` fails with REMOTE_TIMEOUT, which stops the command's use of the remote at once
 * instead of being retried. `setting` names the config key in the message. 0 means no bound.
 */
export function withTimeouts(remote: Remote, name: string, timeoutMs: number, setting: string): Remote {
  if (!(timeoutMs > 0)) return remote;
  const bounded = <T>(what: string, start: (alive: () => void) => Promise<T>) => withDeadline(timeoutMs, () => timeoutError(name, what, timeoutMs, setting), start);
  const transferHooks = (hooks: TransferHooks | undefined, alive: () => void): TransferHooks => ({
    ...hooks,
    onBytes: (bytes) => {
      alive();
      hooks?.onBytes?.(bytes);
    },
  });
  async function* boundedIteration<T>(what: string, iterable: AsyncIterable<T>): AsyncIterable<T> {
    const iterator = iterable[Symbol.asyncIterator]();
    for (;;) {
      const next = await bounded(what, () => iterator.next());
      if (next.done) return;
      yield next.value;
    }
  }
  const timed: Remote = {
    url: remote.url,
    ...(remote.indexKey !== undefined ? { indexKey: remote.indexKey } : {}),
    exists: (hashes) => bounded("an existence check", () => remote.exists(hashes)),
    list: (shard) => boundedIteration("a listing", remote.list(shard)),
    put: (hash, file, hooks) => bounded(`an upload of ${hash}`, (alive) => remote.put(hash, file, transferHooks(hooks, alive))),
    get: (hash, file, hooks) => bounded(`a download of ${hash}`, (alive) => remote.get(hash, file, transferHooks(hooks, alive))),
    delete: (hashes) => bounded("a delete", () => remote.delete(hashes)),
  };
  if (remote.putRecord) timed.putRecord = (key, body) => bounded(`a write of record ${key}`, () => remote.putRecord!(key, body));
  if (remote.createRecord) timed.createRecord = (key, body) => bounded(`a write of record ${key}`, () => remote.createRecord!(key, body));
  if (remote.getRecord) timed.getRecord = (key) => bounded(`a read of record ${key}`, () => remote.getRecord!(key));
  if (remote.listRecords) timed.listRecords = (prefix) => boundedIteration("a listing of records", remote.listRecords!(prefix));
  if (remote.deleteRecords) timed.deleteRecords = (keys) => bounded("a delete of records", () => remote.deleteRecords!(keys));
  if (remote.close) timed.close = () => remote.close!();
  return timed;
}
