import { existsSync } from "node:fs";
import { join } from "node:path";
import { consoleFolder } from "../../src/server/routes/console-route.ts";
import { worldServer } from "./world-app.ts";

/**
 * `recall serve`'s app on the bundled models with the tiny world indexed as "world", on a free port, serving the
 * console that `npm run build` bundled (npm test builds first; run it before a browser test on its own).
 */
export async function consoleServer() {
  if (!existsSync(join(consoleFolder, "console.js")))
    throw new Error(`The console is not built (${consoleFolder}): run npm run build first.`);
  const world = await worldServer();
  return { ...world, url: world.server.url };
}
