import type { Command } from "commander";
import { loadEmbeddingModel, loadLanguageModel, loadReranker } from "../../app/load-models.ts";
import { type ModelCapabilities, probeCapabilities } from "../../app/model-capabilities.ts";
import { createCliLogger } from "../cli-logger.ts";
import { configFromCommand } from "../global-options.ts";
import { announceModels } from "../model-notice.ts";

const probePrompt = "Question: Where is the head office of the company based?\nStep:";
const probeTexts = Array.from(
  { length: 256 },
  (_, index) => `Passage ${index}: the town stands on a river and was founded long ago.`,
);

/**
 * `recall models check`: loads the configured models, says what the language model's backend can do (log-probabilities,
 * n, prefill, echo) and measures how fast they run here.
 */
export function registerModelsCommand(program: Command): void {
  const models = program.command("models").description("inspect the configured models");
  models
    .command("check")
    .description(
      "load the configured models (language, embedding, reranker) and print ids, what the language model's backend can do, dimensions, load time, tokens/s, texts/s and pairs/s",
    )
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      announceModels(config, createCliLogger());
      let started = performance.now();
      const languageModel = await loadLanguageModel(config.models.language, config);
      const languageLoadMs = performance.now() - started;
      started = performance.now();
      const embeddingModel = await loadEmbeddingModel(config.models.embedding, config);
      const embeddingLoadMs = performance.now() - started;
      started = performance.now();
      const reranker = await loadReranker(config.models.reranker, config);
      const rerankerLoadMs = performance.now() - started;
      const capabilities = await probeCapabilities(config.models.language);

      await languageModel.generate({ prompt: probePrompt, maxTokens: 8, temperature: 0 });
      started = performance.now();
      const generated = await languageModel.generate({
        prompt: probePrompt,
        maxTokens: 128,
        temperature: 1,
        seed: 1,
        samples: 1,
      });
      const tokensPerSecond = generated.usage.completionTokens / ((performance.now() - started) / 1000);
      started = performance.now();
      const batched = await languageModel.generate({
        prompt: probePrompt,
        maxTokens: 128,
        temperature: 1,
        seed: 1,
        samples: 8,
      });
      const batchedTokensPerSecond = batched.usage.completionTokens / ((performance.now() - started) / 1000);
      await embeddingModel.embed({ texts: probeTexts.slice(0, 8), kind: "passage" });
      started = performance.now();
      await embeddingModel.embed({ texts: probeTexts, kind: "passage" });
      const textsPerSecond = probeTexts.length / ((performance.now() - started) / 1000);
      const rerankQuery = "Where does the town stand?";
      await reranker.score({ query: rerankQuery, texts: probeTexts.slice(0, 8) });
      started = performance.now();
      await reranker.score({ query: rerankQuery, texts: probeTexts.slice(0, 64) });
      const pairsPerSecond = 64 / ((performance.now() - started) / 1000);

      const report = {
        language: {
          modelId: languageModel.modelId,
          loadMs: Math.round(languageLoadMs),
          tokensPerSecond: Math.round(tokensPerSecond),
          tokensPerSecondEightSamples: Math.round(batchedTokensPerSecond),
          capabilities,
        },
        embedding: {
          modelId: embeddingModel.modelId,
          dimensions: embeddingModel.dimensions,
          loadMs: Math.round(embeddingLoadMs),
          textsPerSecond: Math.round(textsPerSecond),
        },
        reranker: {
          modelId: reranker.modelId,
          loadMs: Math.round(rerankerLoadMs),
          pairsPerSecond: Math.round(pairsPerSecond),
        },
      };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      process.stdout.write(
        [
          `language model   ${report.language.modelId}`,
          `  loaded in ${report.language.loadMs} ms; ${report.language.tokensPerSecond} tokens/s (1 sample), ${report.language.tokensPerSecondEightSamples} tokens/s (8 samples)`,
          ...capabilityLines(capabilities),
          `embedding model  ${report.embedding.modelId}`,
          `  ${report.embedding.dimensions} dimensions; loaded in ${report.embedding.loadMs} ms; ${report.embedding.textsPerSecond} texts/s`,
          `reranker         ${report.reranker.modelId}`,
          `  loaded in ${report.reranker.loadMs} ms; ${report.reranker.pairsPerSecond} query-passage pairs/s`,
          "",
        ].join("\n"),
      );
    });
}

/** The capabilities as lines: each one's name, yes or no, and what the probe saw. */
function capabilityLines(capabilities: ModelCapabilities): string[] {
  const names = {
    logprobs: "log-probabilities",
    samples: "n (several samples a call)",
    prefill: "prefill (continue_final_message)",
    echo: "echo (prompt log-probabilities)",
  } as const;
  const lines = [`  backend: ${capabilities.api}`];
  for (const key of ["logprobs", "samples", "prefill", "echo"] as const) {
    const finding = capabilities[key];
    if (finding) lines.push(`  ${names[key]}: ${finding.supported ? "yes" : "no"} (${finding.detail})`);
  }
  if (capabilities.prefill?.supported)
    lines.push("  prefill works: set RECALL_LANGUAGE_MODEL_PREFILL=continue-final-message for exact continuations");
  return lines;
}
