import { resolve } from "node:path";

/** The project's root folder (where package.json is). */
export const projectRoot = resolve(import.meta.dirname, "..", "..");
