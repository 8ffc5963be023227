#!/usr/bin/env node
// Compiles src/, indexers/ and retrievers/ into dist/ (what bin/recall.js runs), then stamps the build so that the
// command can tell a build from before the sources' last edit.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
mkdirSync(join(root, "dist"), { recursive: true });
writeFileSync(join(root, "dist", ".build-stamp"), `${new Date().toISOString()}\n`);
