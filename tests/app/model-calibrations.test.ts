import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AskResponse } from "../../src/app/ask-service.ts";
import { isBundledGeneratorId } from "../../src/app/bundled-generator.ts";
import type { LanguageRunSettings } from "../../src/app/calibration-conditions.ts";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import type { PromptFormatSetting } from "../../src/config/config-schema.ts";
import { findAsk } from "../../src/db/ask-records.ts";
import type { Database } from "../../src/db/database.ts";
import {
  findModelCalibration,
  type NewModelCalibrationRecord,
  saveModelCalibration,
} from "../../src/db/model-calibration-records.ts";
import { readAskDataset } from "../../src/evaluation/ask-dataset.ts";
import { noopLogger } from "../../src/logging/logger.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import type { LanguageModel } from "../../src/models/language-model.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { calibrate, defaultCalibration } from "../../src/reasoning/finish-answer.ts";
import type { AnswerSignals } from "../../src/reasoning/trace-events.ts";
import { createApp } from "../../src/server/create-app.ts";
import { bundledCalibrations } from "../../src/strategies/bundled-calibrations.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyReranker } from "../support/bundled.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/*
 * The tiny generator's weights under other ids (its folder copied without its fp16 and q4 weights, so that the copy's
 * fingerprint differs): models the bundled constants are not the calibration of. The assertions are about
 * calibration, not about what they answer. `renamed` is a whole copy under another name: the bundled generator still.
 */
let folders: string;
let tiny: LanguageModel;
let uncalibrated: LanguageModel;
let refitted: LanguageModel;
let renamed: LanguageModel;
let embeddingModel: EmbeddingModel;
let world: Awaited<ReturnType<typeof worldWorkspace>>;
const question = "Where was Treisnos Bemtond born?";

beforeAll(async () => {
  folders = await mkdtemp(join(tmpdir(), "recall-models-"));
  const copy = async (name: string) => {
    const folder = join(folders, name);
    await mkdir(join(folder, "onnx"), { recursive: true });
    for (const file of ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"])
      await cp(join(bundledModels.language, file), join(folder, file));
    await cp(join(bundledModels.language, "onnx", "model.onnx"), join(folder, "onnx", "model.onnx"));
    return TransformersLanguageModel.load(folder);
  };
  const wholeCopy = async (name: string) => {
    await cp(bundledModels.language, join(folders, name), { recursive: true });
    return TransformersLanguageModel.load(join(folders, name));
  };
  [tiny, uncalibrated, refitted, renamed, embeddingModel] = await Promise.all([
    loadTinyLanguageModel(),
    copy("uncalibrated-lm"),
    copy("refitted-lm"),
    wholeCopy("gen"),
    loadTinyEmbeddingModel(),
  ]);
  world = await worldWorkspace(embeddingModel);
}, 120_000);

afterAll(async () => {
  await world.dispose();
  await rm(folders, { recursive: true, force: true });
});

interface RunSettings {
  readonly db?: Database;
  readonly store?: typeof world.store;
  readonly promptFormat?: PromptFormatSetting;
  readonly languageSettings?: LanguageRunSettings;
}

function appOf(languageModel: LanguageModel, settings: RunSettings = {}): RecallApp {
  return new RecallApp({
    db: settings.db ?? world.db,
    store: settings.store ?? world.store,
    models: givenModels({ language: languageModel, embedding: embeddingModel, reranker: loadTinyReranker }),
    ...(settings.promptFormat ? { promptFormat: settings.promptFormat } : {}),
    ...(settings.languageSettings ? { languageSettings: settings.languageSettings } : {}),
  });
}

/** A calibration of `modelId` that makes every answer sure (bias 6), fitted under `conditions`. */
function sureCalibration(
  modelId: string,
  conditions: NewModelCalibrationRecord["conditions"],
): NewModelCalibrationRecord {
  return {
    modelId,
    calibration: { bias: 6, agreement: 0, probability: 0, steps: 0, support: 0, unsupportedSteps: 0 },
    abstainBelow: 0.2,
    retrieveBelow: null,
    agreementBelow: null,
    questions: 20,
    datasets: ["known.jsonl"],
    corpus: "world",
    strategies: ["closed-book"],
    conditions,
  };
}

function signalsOf(response: AskResponse): AnswerSignals {
  const end = response.trace.find((event) => event.type === "answer-end");
  if (!end?.signals) throw new Error("the answer has no signals");
  return end.signals;
}

const parametersOf = (response: AskResponse) => response.parameters as Record<string, unknown>;

describe("the calibration an ask takes from its language model", () => {
  it("the bundled tiny model answers calibrated, with its shipped constants", async () => {
    const response = await appOf(tiny).ask({ question, strategy: "closed-book" });
    expect(response.calibrated).toBe(true);
    expect(parametersOf(response)).toMatchObject(bundledCalibrations["closed-book"]);
    expect(response.confidence).toBeCloseTo(
      calibrate(bundledCalibrations["closed-book"].calibration, signalsOf(response)),
      12,
    );
    const gated = await appOf(tiny).ask({ question, strategy: "recall-then-retrieve" });
    expect(parametersOf(gated)).toMatchObject({ retrieveBelow: 0.5, agreementBelow: 0.51 });
  });

  it("a model without a calibration answers calibrated: false, with the mean of its probability signals", async () => {
    const response = await appOf(uncalibrated).ask({ question, strategy: "closed-book" });
    expect(uncalibrated.modelId).toMatch(/^uncalibrated-lm@/);
    expect(response.calibrated).toBe(false);
    expect(parametersOf(response)).toMatchObject({ calibration: "none", abstainBelow: 0.5 });
    const signals = signalsOf(response);
    expect(response.confidence).toBeCloseTo((signals.agreement + signals.probability + signals.steps) / 3, 12);
    expect(response.abstained).toBe(response.confidence < 0.5);
    expect((await findAsk(world.db, response.id))?.calibrated).toBe(false);
  });

  it("says so over HTTP too: in /v1/ask and in the chat completion's recall object", async () => {
    const http = createApp({ app: appOf(uncalibrated), logger: noopLogger });
    const post = (path: string, body: unknown) =>
      http.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const asked = await post("/v1/ask", { question, strategy: "closed-book" });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toMatchObject({ calibrated: false });
    const chat = await post("/v1/chat/completions", {
      model: "closed-book",
      messages: [{ role: "user", content: question }],
    });
    expect(chat.status).toBe(200);
    expect(await chat.json()).toMatchObject({ recall: { calibrated: false } });
  });

  it("an ask's own calibration parameters win over the model's", async () => {
    const response = await appOf(uncalibrated).ask({
      question,
      strategy: "closed-book",
      parameters: { calibration: defaultCalibration, abstainBelow: 0.9 },
    });
    expect(response.calibrated).toBe(true);
    expect(parametersOf(response).abstainBelow).toBe(0.9);
    expect(response.confidence).toBeCloseTo(calibrate(defaultCalibration, signalsOf(response)), 12);
  });

  it("a stored calibration is used by asks of the model whose id it is stored under", async () => {
    const workspace = await temporaryWorkspace();
    try {
      const store = async (bias: number) =>
        saveModelCalibration(workspace.db, {
          modelId: uncalibrated.modelId,
          calibration: { bias, agreement: 0, probability: 0, steps: 0, support: 0, unsupportedSteps: 0 },
          abstainBelow: 0.2,
          retrieveBelow: 0.9,
          agreementBelow: 0.76,
          questions: 20,
          datasets: ["known.jsonl"],
          corpus: "world",
          strategies: ["recall-then-retrieve"],
          conditions: { dtype: "fp32", promptFormat: "plain" },
        });
      const stores = { db: workspace.db, store: workspace.store };
      const neutral = await appOf(uncalibrated, stores).ask({ question, strategy: "closed-book" });
      await store(6);
      const sure = await appOf(uncalibrated, stores).ask({ question, strategy: "closed-book" });
      await store(-6);
      const doubtful = appOf(uncalibrated, stores);
      const unsure = await doubtful.ask({ question, strategy: "closed-book" });
      expect(neutral.calibrated).toBe(false);
      expect([sure.calibrated, unsure.calibrated]).toEqual([true, true]);
      expect(sure.confidence).toBeCloseTo(1 / (1 + Math.exp(-6)), 12);
      expect(unsure.confidence).toBeCloseTo(1 / (1 + Math.exp(6)), 12);
      expect(sure.confidence).toBeGreaterThan(neutral.confidence);
      expect(unsure.confidence).toBeLessThan(neutral.confidence);
      expect(unsure.abstained).toBe(true);
      expect(parametersOf(unsure).abstainBelow).toBe(0.2);
      const gated = await doubtful.ask({ question, strategy: "recall-then-retrieve" });
      expect(parametersOf(gated)).toMatchObject({ retrieveBelow: 0.9, agreementBelow: 0.76 });
      const bundled = await appOf(tiny, stores).ask({ question, strategy: "closed-book" });
      expect(parametersOf(bundled).calibration).toEqual(bundledCalibrations["closed-book"].calibration);
    } finally {
      await workspace.dispose();
    }
  });

  it("recall calibrate in this process stores the fit and the next ask uses it", async () => {
    const app = appOf(refitted);
    expect((await app.ask({ question, strategy: "closed-book" })).calibrated).toBe(false);
    const path = join(worldFolder, "qa", "known.jsonl");
    const questions = (await readAskDataset([path], { split: "dev" })).slice(0, 4);
    const { record, fit } = await app.calibrate({
      questions,
      datasets: [path],
      corpus: "world",
      strategies: ["closed-book"],
    });
    expect(record).toMatchObject({
      modelId: refitted.modelId,
      questions: 4,
      retrieveBelow: null,
      corpus: "world",
      conditions: { dtype: "fp32", promptFormat: "plain" },
    });
    expect(fit.gate).toBeNull();
    expect(await findModelCalibration(world.db, refitted.modelId)).toEqual(record);
    const after = await app.ask({ question, strategy: "closed-book" });
    expect(after.calibrated).toBe(true);
    expect(parametersOf(after)).toMatchObject({ calibration: fit.calibration, abstainBelow: fit.abstainBelow });
  });
  it("a stored calibration fitted under another dtype or prompt format is not used, and says which", async () => {
    const workspace = await temporaryWorkspace();
    try {
      const stores = { db: workspace.db, store: workspace.store };
      await saveModelCalibration(
        workspace.db,
        sureCalibration(uncalibrated.modelId, { dtype: "q4", promptFormat: "plain" }),
      );
      const fp32 = appOf(uncalibrated, stores);
      const response = await fp32.ask({ question, strategy: "closed-book" });
      expect(response.calibrated).toBe(false);
      expect(parametersOf(response)).toMatchObject({ calibration: "none", abstainBelow: 0.5 });
      expect(await fp32.languageCalibration()).toEqual({
        kind: "none",
        differences: [{ setting: "dtype", fitted: "q4", running: "fp32" }],
      });
      const q4 = { provider: "transformers", dtype: "q4" } as const;
      const underQ4 = await appOf(uncalibrated, { ...stores, languageSettings: q4 }).ask({
        question,
        strategy: "closed-book",
      });
      expect(underQ4.calibrated).toBe(true);
      expect(parametersOf(underQ4).abstainBelow).toBe(0.2);
      const bundledFormat = appOf(uncalibrated, { ...stores, languageSettings: q4, promptFormat: "bundled" });
      expect((await bundledFormat.ask({ question, strategy: "closed-book" })).calibrated).toBe(false);
      expect(await bundledFormat.languageCalibration()).toEqual({
        kind: "none",
        differences: [{ setting: "promptFormat", fitted: "plain", running: "bundled" }],
      });
    } finally {
      await workspace.dispose();
    }
  });

  it("a calibration stored before conditions were recorded holds under none", async () => {
    const workspace = await temporaryWorkspace();
    try {
      await saveModelCalibration(workspace.db, sureCalibration(uncalibrated.modelId, null));
      const app = appOf(uncalibrated, { db: workspace.db, store: workspace.store });
      expect((await app.ask({ question, strategy: "closed-book" })).calibrated).toBe(false);
      expect(await app.languageCalibration()).toEqual({
        kind: "none",
        differences: [
          { setting: "dtype", fitted: "not recorded", running: "fp32" },
          { setting: "promptFormat", fitted: "not recorded", running: "plain" },
        ],
      });
    } finally {
      await workspace.dispose();
    }
  });

  it("the bundled constants hold only for the bundled model on fp32 weights in the bundled format", async () => {
    const plain = await appOf(tiny, { promptFormat: "plain" }).ask({ question, strategy: "closed-book" });
    expect(plain.calibrated).toBe(false);
    expect(parametersOf(plain)).toMatchObject({ calibration: "none", abstainBelow: 0.5 });
    const q4 = await appOf(tiny, { languageSettings: { provider: "transformers", dtype: "q4" } }).ask({
      question,
      strategy: "closed-book",
    });
    expect(q4.calibrated).toBe(false);
    const explicit = await appOf(tiny, { promptFormat: "bundled" }).ask({ question, strategy: "closed-book" });
    expect(explicit.calibrated).toBe(true);
    expect(parametersOf(explicit)).toMatchObject({ calibration: bundledCalibrations["closed-book"].calibration });
  });

  it("a renamed copy of the bundled model's folder is the bundled generator: its format and its constants", async () => {
    expect(renamed.modelId).toMatch(/^gen@/);
    expect(isBundledGeneratorId(renamed.modelId)).toBe(true);
    expect(isBundledGeneratorId(uncalibrated.modelId)).toBe(false);
    expect((await appOf(renamed).promptFormat()).name).toBe("bundled");
    const response = await appOf(renamed).ask({ question, strategy: "closed-book" });
    expect(response.calibrated).toBe(true);
    expect(parametersOf(response)).toMatchObject(bundledCalibrations["closed-book"]);
  });
});
