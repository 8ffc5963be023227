import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadConfig, usesBundledModels } from "../../src/config/load-config.ts";

describe("loadConfig", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-config-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("defaults to the bundled tiny models and a .recall folder in the working directory", () => {
    const config = loadConfig({ environment: {}, cwd: folder });
    expect(config.models.language.model).toBe(bundledModels.language);
    expect(config.models.embedding.model).toBe(bundledModels.embedding);
    expect(config.home).toBe(join(folder, ".recall"));
    expect(config.offline).toBe(false);
    expect(usesBundledModels(config)).toBe(true);
  });

  it("takes explicit values over the environment, and the environment over the config file", async () => {
    await writeFile(
      join(folder, "recall.config.json"),
      JSON.stringify({
        home: "from-file",
        models: {
          language: { model: "file/lm", promptFormat: "plain", dtype: "q8" },
          embedding: { model: "file/encoder", pooling: "cls" },
        },
      }),
    );
    const config = loadConfig({
      cwd: folder,
      environment: { RECALL_HOME: "from-environment", RECALL_LANGUAGE_MODEL: "environment/lm", RECALL_OFFLINE: "1" },
      explicit: { home: "from-command-line" },
    });
    expect(config.home).toBe(join(folder, "from-command-line"));
    expect(config.models.language.model).toBe("environment/lm");
    // A layer that names only the model keeps what a lower layer set beside it.
    expect(config.models.language).toMatchObject({ promptFormat: "plain", dtype: "q8" });
    expect(config.models.embedding).toMatchObject({ model: "file/encoder", pooling: "cls", batchSize: 64 });
    expect(config.offline).toBe(true);
    expect(usesBundledModels(config)).toBe(false);
  });

  it("reads the file named by RECALL_CONFIG", async () => {
    await writeFile(join(folder, "custom.json"), JSON.stringify({ offline: true }));
    expect(loadConfig({ cwd: folder, environment: { RECALL_CONFIG: "custom.json" } }).offline).toBe(true);
  });

  it("names the source and the field of a bad value", async () => {
    await writeFile(join(folder, "recall.config.json"), JSON.stringify({ models: { embedding: { pooling: "max" } } }));
    expect(() => loadConfig({ cwd: folder, environment: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: folder, environment: {} })).toThrow(
      /config file recall\.config\.json: models\.embedding\.pooling/,
    );
  });

  it("refuses a remote model's settings on an in-process model", () => {
    expect(() => loadConfig({ cwd: folder, environment: { RECALL_LANGUAGE_MODEL_API: "chat" } })).toThrow(
      /models\.language\.api: api and prefill are settings of an "openai-compatible" model/,
    );
  });

  it("rejects unknown keys instead of ignoring a misspelt setting", async () => {
    await writeFile(join(folder, "recall.config.json"), JSON.stringify({ modles: {} }));
    expect(() => loadConfig({ cwd: folder, environment: {} })).toThrow(/modles/);
  });

  it("says that a config file that is not JSON cannot be read", async () => {
    await writeFile(join(folder, "recall.config.json"), "home = 1");
    expect(() => loadConfig({ cwd: folder, environment: {} })).toThrow(
      /Could not read the config file .*recall\.config\.json/,
    );
  });
});
