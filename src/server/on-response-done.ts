import { ServerResponse } from "node:http";
import type { Context } from "hono";

/**
 * Calls `done` once a request's response is over: on a Node.js server, when its last byte is sent or its connection
 * closed (a stream's end included, which comes long after the handler returned), with whether the response was sent
 * whole; elsewhere (`app.request` in tests), at once. Call it after `await next()`.
 */
export function onResponseDone(context: Context, done: (sentWhole: boolean) => void): void {
  const outgoing: unknown = context.env?.outgoing;
  if (outgoing instanceof ServerResponse && !outgoing.closed)
    outgoing.once("close", () => done(outgoing.writableFinished));
  else done(true);
}
