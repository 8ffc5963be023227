import type { MiddlewareHandler } from "hono";
import type { InFlightRequests } from "../in-flight-requests.ts";
import { onResponseDone } from "../on-response-done.ts";
import type { ServerEnv } from "../server-env.ts";
import { ShuttingDownError } from "../shutting-down-error.ts";

/**
 * Tracks every request in `inFlight` until its response is over (a stream's end included), and gives it an abort
 * signal the server can pull: `context.req.raw.signal` becomes one that aborts when the client leaves or when the
 * server aborts the requests still running at the end of a shutdown's grace period. While the server drains, a new
 * request is refused with 503 `shutting_down`, and every response says `Connection: close`.
 */
export function drainRequests(inFlight: InFlightRequests): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    if (inFlight.draining) {
      context.header("Connection", "close");
      throw new ShuttingDownError();
    }
    const request = inFlight.begin(context.req.raw.signal);
    context.req.raw = new Request(context.req.raw, { signal: request.signal });
    try {
      await next();
    } finally {
      if (inFlight.draining) context.header("Connection", "close");
      onResponseDone(context, request.end);
    }
  };
}
