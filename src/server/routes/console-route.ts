import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Context } from "hono";
import { Hono } from "hono";
import { projectRoot } from "../../util/project-root.ts";
import type { ServerEnv } from "../server-env.ts";

/** Where `npm run build` bundles the console (console/ in the repository). */
export const consoleFolder = join(projectRoot, "dist", "console");

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * What the console's page may load and talk to: its own bundle and the API on the same origin, nothing inline and
 * nothing from anywhere else; no page may frame it.
 */
const securityHeaders = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recall console</title></head>
<body><h1>The console is not built</h1>
<p>Run <code>npm run build</code> in Recall's folder, then open this page again. The API under /v1 works without it.</p>
</body></html>`;

/** A file of the bundle by its plain name (never a path), or undefined when there is none. */
async function bundleFile(folder: string, name: string): Promise<Buffer | undefined> {
  if (!/^[\w-]+(\.[\w-]+)+$/.test(name) || contentTypes[extname(name)] === undefined) return undefined;
  try {
    return await readFile(join(folder, name));
  } catch {
    return undefined;
  }
}

async function serveFile(context: Context<ServerEnv>, folder: string, name: string): Promise<Response | undefined> {
  const content = await bundleFile(folder, name);
  if (content === undefined) return undefined;
  const etag = `"${createHash("sha256").update(content).digest("base64url").slice(0, 27)}"`;
  const headers = {
    ...securityHeaders,
    "Content-Type": contentTypes[extname(name)] ?? "application/octet-stream",
    "Cache-Control": "no-cache",
    ETag: etag,
  };
  if (context.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(content), { status: 200, headers });
}

/**
 * The web console: GET / answers its page, /console/{file} its bundle (built by `npm run build` into dist/console;
 * nothing is built at run time). No key is needed to load it: the page asks for one and sends it to /v1 itself.
 */
export function consoleRoute(folder = consoleFolder): Hono<ServerEnv> {
  return new Hono<ServerEnv>()
    .get("/", async (context) => {
      const page = await serveFile(context, folder, "index.html");
      if (page) return page;
      return context.html(notBuilt, 503, securityHeaders);
    })
    .get(
      "/console/:file",
      async (context, next) => (await serveFile(context, folder, context.req.param("file"))) ?? next(),
    );
}
