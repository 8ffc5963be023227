import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest folder at or above `start` that holds a package.json. */
function packageFolder(start: string): string {
  let folder = start;
  while (!existsSync(join(folder, "package.json"))) {
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error(`No package.json above ${start}: Recall's files are not where it runs from.`);
    folder = parent;
  }
  return folder;
}

/** The project's root folder (where package.json is), from the sources and from their compiled copy in dist/ alike. */
export const projectRoot = packageFolder(import.meta.dirname);
