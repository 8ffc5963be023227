import { z } from "zod";
import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../embedding-model.ts";
import { ModelLoadError } from "../model-errors.ts";
import { postJson, type RemoteSettings } from "./http-client.ts";

const embeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number() }).nullish(),
});

export interface RemoteEmbeddingSettings extends RemoteSettings {
  readonly model: string;
  readonly queryPrefix?: string;
  readonly passagePrefix?: string;
  /** Texts a request. */
  readonly batchSize?: number;
}

/**
 * An embedding model behind an OpenAI-compatible /v1/embeddings endpoint (OpenAI, vLLM, Ollama, Recall itself).
 * Its dimensions are read from one probe when it is created. Token counts for chunking are estimated (about four
 * characters a token).
 */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  private constructor(
    private readonly settings: RemoteEmbeddingSettings,
    readonly dimensions: number,
  ) {}

  get modelId(): string {
    return this.settings.model;
  }

  static async connect(settings: RemoteEmbeddingSettings): Promise<OpenAICompatibleEmbeddingModel> {
    const probe = new OpenAICompatibleEmbeddingModel(settings, 0);
    const [vector] = (await probe.embed({ texts: ["dimension probe"], kind: "query" })).embeddings;
    if (!vector || vector.length === 0)
      throw new ModelLoadError(
        settings.model,
        `${settings.baseUrl} returned an empty embedding for "${settings.model}".`,
      );
    return new OpenAICompatibleEmbeddingModel(settings, vector.length);
  }

  async embed(options: EmbedOptions): Promise<EmbedResult> {
    const prefix = (options.kind === "query" ? this.settings.queryPrefix : this.settings.passagePrefix) ?? "";
    const batchSize = this.settings.batchSize ?? 64;
    const embeddings: Float32Array[] = [];
    let tokens = 0;
    for (let start = 0; start < options.texts.length; start += batchSize) {
      const input = options.texts.slice(start, start + batchSize).map((text) => prefix + text);
      const raw = await postJson(
        this.settings,
        this.modelId,
        "/embeddings",
        { model: this.modelId, input, encoding_format: "float" },
        options.abortSignal,
      );
      const parsed = embeddingsResponse.safeParse(raw);
      if (!parsed.success || parsed.data.data.length !== input.length)
        throw new ModelLoadError(
          this.modelId,
          `${this.settings.baseUrl}/embeddings did not return one embedding per input.`,
        );
      for (const item of [...parsed.data.data].sort((left, right) => left.index - right.index))
        embeddings.push(Float32Array.from(item.embedding));
      tokens += parsed.data.usage?.prompt_tokens ?? 0;
    }
    return { embeddings, usage: { tokens } };
  }

  async countTokens(texts: readonly string[]): Promise<number[]> {
    return texts.map((text) => Math.ceil(text.length / 4));
  }
}
