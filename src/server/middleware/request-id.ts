import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../server-env.ts";

const usable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (the client's `x-request-id` when it is short and plain) and returns it in the header. */
export function requestId(): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    const sent = context.req.header("x-request-id");
    const id = sent !== undefined && usable.test(sent) ? sent : randomUUID();
    context.set("requestId", id);
    context.header("x-request-id", id);
    await next();
  };
}
