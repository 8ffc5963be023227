import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
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

/** A file of the bundle as it was read, with the size and modification time it had then, and its ETag. */
interface BundleFile {
  readonly size: number;
  readonly modifiedMs: number;
  readonly content: Buffer;
  readonly etag: string;
}

/**
 * The bundle's files, each read and hashed once and read again only when its size or modification time changes (a
 * new build), so that a request costs one `stat`.
 */
class BundleFiles {
  private readonly read = new Map<string, BundleFile>();

  constructor(private readonly folder: string) {}

  /** A file of the bundle by its plain name (never a path), or undefined when there is none. */
  async get(name: string): Promise<BundleFile | undefined> {
    if (!/^[\w-]+(\.[\w-]+)+$/.test(name) || contentTypes[extname(name)] === undefined) return undefined;
    const path = join(this.folder, name);
    try {
      // Its size and time are taken before it is read: a file replaced in between is read again on the next request.
      const { size, mtimeMs } = await stat(path);
      const known = this.read.get(name);
      if (known?.size === size && known.modifiedMs === mtimeMs) return known;
      const content = await readFile(path);
      const etag = `"${createHash("sha256").update(content).digest("base64url").slice(0, 27)}"`;
      const file = { size, modifiedMs: mtimeMs, content, etag };
      this.read.set(name, file);
      return file;
    } catch {
      this.read.delete(name);
      return undefined;
    }
  }
}

async function serveFile(context: Context<ServerEnv>, files: BundleFiles, name: string): Promise<Response | undefined> {
  const file = await files.get(name);
  if (file === undefined) return undefined;
  const headers = {
    ...securityHeaders,
    "Content-Type": contentTypes[extname(name)] ?? "application/octet-stream",
    "Cache-Control": "no-cache",
    ETag: file.etag,
  };
  if (context.req.header("if-none-match") === file.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(file.content), { status: 200, headers });
}

/**
 * The web console: GET / answers its page, /console/{file} its bundle (built by `npm run build` into dist/console;
 * nothing is built at run time). No key is needed to load it: the page asks for one and sends it to /v1 itself.
 */
export function consoleRoute(folder = consoleFolder): Hono<ServerEnv> {
  const files = new BundleFiles(folder);
  return new Hono<ServerEnv>()
    .get("/", async (context) => {
      const page = await serveFile(context, files, "index.html");
      if (page) return page;
      return context.html(notBuilt, 503, securityHeaders);
    })
    .get(
      "/console/:file",
      async (context, next) => (await serveFile(context, files, context.req.param("file"))) ?? next(),
    );
}
