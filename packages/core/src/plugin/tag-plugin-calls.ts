import { PivotError, errorMessage } from "../errors/pivot-error";
import { isTransientError } from "../remote/remote-errors";

/**
 * What a failure inside a plugin becomes: a PivotError the plugin threw on purpose keeps its
 * message and gains the plugin's name; anything else becomes PLUGIN_FAILED naming the plugin and
 * the hook. A transient failure (a dropped connection inside a remote) stays transient, so core
 * still retries it.
 */
export function pluginFailure(error: unknown, plugin: string, hook: string): PivotError {
  if (error instanceof PivotError) {
    error.plugin ??= plugin;
    return error;
  }
  const failure = new PivotError("PLUGIN_FAILED", `Plugin ${plugin} failed in ${hook}: ${errorMessage(error)}`, { cause: error });
  if (isTransientError(error)) failure.transient = true;
  return failure;
}

/** Calls into a plugin; a failure is re-thrown as pluginFailure says. */
export async function callPlugin<T>(plugin: string, hook: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw pluginFailure(error, plugin, hook);
  }
}

/**
 * Methods whose result is an object of the plugin's too (a backend's `create` returns a Remote),
 * tagged in turn under the role given: `{ create: "remote" }`.
 */
export type NestedRoles = Readonly<Record<string, string>>;

/**
 * A view of `target` whose every method call is tagged: a throw (or a rejected promise, or a
 * failing async iteration) becomes pluginFailure(…, plugin, "<role>.<method>"). Methods run on the
 * target itself (private fields keep working); sync methods stay sync. Fields are read through.
 */
export function tagPluginCalls<T extends object>(target: T, plugin: string, role: string, nested: NestedRoles = {}): T {
  const view: Record<PropertyKey, unknown> = {};
  for (const name of propertyNames(target)) {
    const value = (target as Record<string, unknown>)[name];
    if (typeof value !== "function") {
      Object.defineProperty(view, name, { get: () => (target as Record<string, unknown>)[name], enumerable: true });
      continue;
    }
    const hook = `${role}.${name}`;
    const tagResult = (result: unknown): unknown => {
      const inner = nested[name];
      return inner && result !== null && typeof result === "object" ? tagPluginCalls(result, plugin, inner) : result;
    };
    view[name] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = (value as (...a: unknown[]) => unknown).apply(target, args);
      } catch (error) {
        throw pluginFailure(error, plugin, hook);
      }
      if (result instanceof Promise) {
        return result.then(tagResult, (error: unknown) => {
          throw pluginFailure(error, plugin, hook);
        });
      }
      if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) return tagIteration(result as AsyncIterable<unknown>, plugin, hook);
      return tagResult(result);
    };
  }
  return view as T;
}

function tagIteration<T>(iterable: AsyncIterable<T>, plugin: string, hook: string): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield* iterable;
      } catch (error) {
        throw pluginFailure(error, plugin, hook);
      }
    },
  };
}

/** Own and inherited property names (class methods live on the prototype), but not Object's. */
function propertyNames(target: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = target; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== "constructor") names.add(name);
  }
  return [...names];
}
