import type { MiddlewareHandler } from "hono";
import { DeadlineExceededError } from "../deadline-exceeded-error.ts";
import { onResponseDone } from "../on-response-done.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * Gives every request a deadline: past `timeoutMs`, `context.req.raw.signal` aborts with a `DeadlineExceededError`,
 * which reaches the models (they stop decoding) and becomes the response (504 `deadline_exceeded`). A stream's
 * deadline counts until its last event. 0 turns it off.
 */
export function deadline(timeoutMs: number): MiddlewareHandler<ServerEnv> {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0)
    throw new RangeError(`deadline: timeoutMs must be a whole number of milliseconds, 0 or more; got ${timeoutMs}.`);
  return async (context, next) => {
    if (timeoutMs === 0) return next();
    const controller = new AbortController();
    const own = context.req.raw.signal;
    const abort = (): void => controller.abort(own.reason);
    if (own.aborted) abort();
    else own.addEventListener("abort", abort, { once: true });
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
    context.req.raw = new Request(context.req.raw, { signal: controller.signal });
    try {
      await next();
    } finally {
      onResponseDone(context, () => {
        clearTimeout(timer);
        own.removeEventListener("abort", abort);
      });
    }
  };
}
