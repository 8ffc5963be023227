#!/usr/bin/env node
// Compiles src/, indexers/ and retrievers/ into dist/ (what bin/recall.js runs) and bundles the web console into
// dist/console/ (what `recall serve` serves at /), then stamps the build so that the command can tell a build from
// before the sources' last edit.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const consoleOut = join(root, "dist", "console");
await build({
  entryPoints: [join(root, "console", "src", "main.tsx")],
  outfile: join(consoleOut, "console.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
});
copyFileSync(join(root, "console", "index.html"), join(consoleOut, "index.html"));
copyFileSync(join(root, "console", "console.css"), join(consoleOut, "console.css"));

mkdirSync(join(root, "dist"), { recursive: true });
writeFileSync(join(root, "dist", ".build-stamp"), `${new Date().toISOString()}\n`);
