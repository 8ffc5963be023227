import type { MiddlewareHandler } from "hono";
import { UnsupportedMediaTypeError } from "../request-errors.ts";
import type { ServerEnv } from "../server-env.ts";

export interface JsonOnlyOptions {
  /**
   * Paths that take another media type (a multipart upload, say): a string is matched exactly, a RegExp is tested
   * against the path. Such a route checks its media type itself.
   */
  readonly except?: readonly (string | RegExp)[];
}

/** The methods that carry a body a route reads. */
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

/**
 * Refuses (415) a POST, PUT or PATCH whose Content-Type is not `application/json` (a `charset`, if any, must be
 * UTF-8), with or without a body. A browser may send a text/plain or form POST to any address without asking (no
 * CORS preflight), so without this check any web page could drive a Recall on localhost (stop an experiment, say);
 * `application/json` needs a preflight, which CORS refuses unless the origin is configured.
 */
export function jsonOnly(options: JsonOnlyOptions = {}): MiddlewareHandler<ServerEnv> {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const path of options.except ?? []) {
    if (path instanceof RegExp) patterns.push(path);
    else if (!path.startsWith("/"))
      throw new TypeError(`jsonOnly: "${path}" in "except" is not a path (start it with "/").`);
    else exact.add(path);
  }
  const excepted = (path: string): boolean => exact.has(path) || patterns.some((pattern) => pattern.test(path));
  return async (context, next) => {
    const method = context.req.method;
    if (!bodyMethods.has(method) || excepted(context.req.path)) return next();
    const contentType = context.req.header("content-type");
    if (contentType === undefined || !isJson(contentType))
      throw new UnsupportedMediaTypeError(method, context.req.path, contentType);
    await next();
  };
}

/** Whether a Content-Type is `application/json`, with at most a UTF-8 charset among its parameters. */
function isJson(contentType: string): boolean {
  const [type = "", ...parameters] = contentType.split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  return parameters.every((parameter) => {
    const [name = "", value = ""] = parameter.split("=");
    if (name.trim().toLowerCase() !== "charset") return true;
    return /^"?utf-?8"?$/i.test(value.trim());
  });
}
