import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { env } from "@huggingface/transformers";
import { afterEach, describe, expect, it } from "vitest";
import { bundledModels } from "../../src/config/bundled-models.ts";
import { ModelLoadError } from "../../src/models/model-errors.ts";
import { resolveModelSource } from "../../src/models/transformers/model-source.ts";
import { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";

describe("resolveModelSource", () => {
  it("reads paths and existing folders as folders, anything else as hub ids", () => {
    expect(resolveModelSource("./models/lm", "/srv")).toEqual({ kind: "folder", path: "/srv/models/lm" });
    expect(resolveModelSource("/opt/models/lm")).toEqual({ kind: "folder", path: "/opt/models/lm" });
    expect(resolveModelSource(bundledModels.language)).toEqual({ kind: "folder", path: bundledModels.language });
    expect(resolveModelSource("Xenova/all-MiniLM-L6-v2")).toEqual({ kind: "hub", id: "Xenova/all-MiniLM-L6-v2" });
  });
});

describe("loading a model that is not there", () => {
  const remoteHost = env.remoteHost;
  afterEach(() => {
    env.remoteHost = remoteHost;
  });

  it("fails offline for a hub id that is not cached, naming the model and how to use a local folder", async () => {
    const loading = TransformersLanguageModel.load("Xenova/not-a-cached-model", { offline: true });
    await expect(loading).rejects.toBeInstanceOf(ModelLoadError);
    await expect(loading).rejects.toThrow(/"Xenova\/not-a-cached-model" is a hub id.*offline.*local folder/s);
  });

  it("fails, without falling back to another model, when the hub cannot be reached", async () => {
    env.remoteHost = "http://127.0.0.1:9/";
    const loading = TransformersEmbeddingModel.load("Xenova/all-MiniLM-L6-v2");
    await expect(loading).rejects.toBeInstanceOf(ModelLoadError);
    await expect(loading).rejects.toThrow(/"Xenova\/all-MiniLM-L6-v2" is a hub id, and it could not be fetched/);
  });

  it("says which file a model folder lacks", async () => {
    const folder = await mkdtemp(join(tmpdir(), "recall-model-"));
    try {
      await expect(TransformersLanguageModel.load(folder)).rejects.toThrow(/has no config\.json/);
      await expect(TransformersLanguageModel.load(join(folder, "missing"))).rejects.toThrow(/No model folder at/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
