import type { MiddlewareHandler } from "hono";
import { UnauthorizedError } from "../../app/api-key-errors.ts";
import type { RecallApp } from "../../app/recall-app.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * Sets the request's access from its `Authorization: Bearer KEY` header: full access while the server needs no key,
 * else the key's scopes and corpora. A request without a valid key fails with 401 and `WWW-Authenticate: Bearer`; while
 * no key is needed, a request addressed to a host other than localhost or a loopback address (its Host header, as the
 * URL has it) fails with 403 `host_not_allowed`, against DNS rebinding (the error itself becomes the response in
 * `app.onError`).
 */
export function authenticate(app: RecallApp): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    try {
      context.set(
        "access",
        await app.authenticate({ authorization: context.req.header("authorization"), url: context.req.url }),
      );
    } catch (error) {
      if (error instanceof UnauthorizedError) context.header("WWW-Authenticate", 'Bearer realm="recall"');
      throw error;
    }
    await next();
  };
}
