import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { RecallError } from "../../errors/recall-error.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * Refuses a request body over `maxSize` bytes by throwing `tooLarge()` (a 413 from `app.onError`): by its
 * Content-Length before any of it is read, else (a chunked body) as it is read, which buffers up to `maxSize`, so
 * mount it after authentication. The refusal says `Connection: close`: the unread rest of the body makes the
 * connection unusable, so the client opens a new one.
 */
export function limitBody(maxSize: number, tooLarge: () => RecallError): MiddlewareHandler<ServerEnv> {
  if (!Number.isInteger(maxSize) || maxSize < 0)
    throw new RangeError(`limitBody: maxSize must be a whole number of bytes, 0 or more; got ${maxSize}.`);
  return bodyLimit({
    maxSize,
    onError: (context) => {
      context.header("Connection", "close");
      throw tooLarge();
    },
  });
}
