import {
  AutoModel,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from "@huggingface/transformers";
import { z } from "zod";
import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../embedding-model.ts";
import { ModelCallAbortedError } from "../model-errors.ts";
import { type LoadSettings, loadFromSource, modelIdOf, resolveModelSource } from "./model-source.ts";

export const embeddingSettingsSchema = z.object({
  /** Prepended to queries, e.g. "query: " for e5 models. */
  queryPrefix: z.string().default(""),
  /** Prepended to passages, e.g. "passage: " for e5 models. */
  passagePrefix: z.string().default(""),
  /** "mean" over tokens (sentence-transformers models), or the first token ("cls", bge models). */
  pooling: z.enum(["mean", "cls"]).default("mean"),
  normalize: z.boolean().default(true),
  batchSize: z.number().int().min(1).max(1024).default(64),
  /** Longer inputs are cut to this many tokens. */
  maxTokens: z.number().int().min(8).default(512),
});

export type EmbeddingSettings = z.input<typeof embeddingSettingsSchema>;

/** A sentence encoder run in-process by transformers.js: tokenise, encode, pool, normalise, in batches. */
export class TransformersEmbeddingModel implements EmbeddingModel {
  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly settings: z.output<typeof embeddingSettingsSchema>,
  ) {}

  static async load(
    reference: string,
    settings: EmbeddingSettings & LoadSettings = {},
  ): Promise<TransformersEmbeddingModel> {
    const resolved = embeddingSettingsSchema.parse(settings);
    const source = resolveModelSource(reference);
    const [tokenizer, model] = await loadFromSource(source, settings, (pathOrId, options) =>
      Promise.all([
        AutoTokenizer.from_pretrained(pathOrId, options),
        AutoModel.from_pretrained(pathOrId, options as never),
      ]),
    );
    const config = model.config as unknown as Record<string, unknown>;
    const dimensions = Number(config.hidden_size ?? config.d_model ?? config.n_embd);
    const instance = new TransformersEmbeddingModel(modelIdOf(source), dimensions, tokenizer, model, resolved);
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      const [probe] = (await instance.embed({ texts: ["dimension probe"], kind: "query" })).embeddings;
      return new TransformersEmbeddingModel(modelIdOf(source), probe?.length ?? 0, tokenizer, model, resolved);
    }
    return instance;
  }

  async embed(options: EmbedOptions): Promise<EmbedResult> {
    const prefix = options.kind === "query" ? this.settings.queryPrefix : this.settings.passagePrefix;
    const embeddings: Float32Array[] = [];
    let tokens = 0;
    for (let start = 0; start < options.texts.length; start += this.settings.batchSize) {
      if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.modelId);
      const texts = options.texts.slice(start, start + this.settings.batchSize).map((text) => prefix + text);
      const inputs = this.tokenizer(texts, { padding: true, truncation: true, max_length: this.settings.maxTokens });
      const outputs = (await (this.model as unknown as (inputs: unknown) => Promise<Record<string, Tensor>>)(
        inputs,
      )) as Record<string, Tensor>;
      const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
      if (hidden === undefined) throw new Error(`${this.modelId} returned no last_hidden_state`);
      const mask = inputs.attention_mask as Tensor;
      tokens += (mask.data as BigInt64Array).reduce((sum, value) => sum + Number(value), 0);
      embeddings.push(...this.pool(hidden, mask));
    }
    return { embeddings, usage: { tokens } };
  }

  async countTokens(texts: readonly string[]): Promise<number[]> {
    return texts.map((text) => (text === "" ? 0 : this.tokenizer.encode(text, { add_special_tokens: false }).length));
  }

  private pool(hidden: Tensor, mask: Tensor): Float32Array[] {
    const [batch = 0, length = 0, width = 0] = hidden.dims;
    const data = hidden.data as Float32Array;
    const maskData = mask.data as BigInt64Array;
    return Array.from({ length: batch }, (_, row) => {
      const vector = new Float32Array(width);
      if (this.settings.pooling === "cls") {
        vector.set(data.subarray(row * length * width, row * length * width + width));
      } else {
        let count = 0;
        for (let position = 0; position < length; position++) {
          if (maskData[row * length + position] === 0n) continue;
          count++;
          const offset = (row * length + position) * width;
          for (let index = 0; index < width; index++)
            vector[index] = (vector[index] as number) + (data[offset + index] as number);
        }
        for (let index = 0; index < width; index++) vector[index] = (vector[index] as number) / Math.max(count, 1);
      }
      if (this.settings.normalize) {
        const norm = Math.hypot(...vector) || 1;
        for (let index = 0; index < width; index++) vector[index] = (vector[index] as number) / norm;
      }
      return vector;
    });
  }
}
