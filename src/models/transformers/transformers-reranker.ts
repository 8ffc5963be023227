import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from "@huggingface/transformers";
import { z } from "zod";
import { ModelCallAbortedError } from "../model-errors.ts";
import type { Reranker, RerankOptions } from "../reranker.ts";
import { type LoadSettings, loadFromSource, modelIdOf, resolveModelSource } from "./model-source.ts";

export const rerankerSettingsSchema = z.object({
  batchSize: z.number().int().min(1).max(1024).default(32),
  /** Query and passage together are cut to this many tokens. */
  maxTokens: z.number().int().min(8).default(512),
});

export type RerankerSettings = z.input<typeof rerankerSettingsSchema>;

/**
 * A cross-encoder run in-process by transformers.js (a sequence-classification model over "query [SEP] passage").
 * One output label is a relevance logit (read through a sigmoid); two labels are (irrelevant, relevant) (softmax).
 */
export class TransformersReranker implements Reranker {
  private constructor(
    readonly modelId: string,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly settings: z.output<typeof rerankerSettingsSchema>,
  ) {}

  static async load(reference: string, settings: RerankerSettings & LoadSettings = {}): Promise<TransformersReranker> {
    const resolved = rerankerSettingsSchema.parse(settings);
    const source = resolveModelSource(reference);
    const [tokenizer, model] = await loadFromSource(source, settings, (pathOrId, options) =>
      Promise.all([
        AutoTokenizer.from_pretrained(pathOrId, options),
        AutoModelForSequenceClassification.from_pretrained(pathOrId, options as never),
      ]),
    );
    return new TransformersReranker(modelIdOf(source), tokenizer, model, resolved);
  }

  async score(options: RerankOptions): Promise<number[]> {
    const scores: number[] = [];
    for (let start = 0; start < options.texts.length; start += this.settings.batchSize) {
      if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.modelId);
      const texts = options.texts.slice(start, start + this.settings.batchSize);
      const inputs = this.tokenizer(
        texts.map(() => options.query),
        { text_pair: [...texts], padding: true, truncation: true, max_length: this.settings.maxTokens },
      );
      const { logits } = await (this.model as unknown as (inputs: unknown) => Promise<{ logits: Tensor }>)(inputs);
      scores.push(...relevance(logits));
    }
    return scores;
  }
}

function relevance(logits: Tensor): number[] {
  const [rows = 0, labels = 1] = logits.dims;
  const data = logits.data as Float32Array;
  return Array.from({ length: rows }, (_, row) => {
    if (labels === 1) return 1 / (1 + Math.exp(-(data[row] as number)));
    const relevant = data[row * labels + labels - 1] as number;
    const irrelevant = data[row * labels] as number;
    return 1 / (1 + Math.exp(irrelevant - relevant));
  });
}
