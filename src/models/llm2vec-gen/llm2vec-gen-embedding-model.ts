import { join } from "node:path";
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  Tensor,
} from "@huggingface/transformers";
import type { EmbeddingKind, EmbeddingModel, EmbedOptions, EmbedResult } from "../embedding-model.ts";
import { ModelCallAbortedError, ModelLoadError } from "../model-errors.ts";
import { type LoadSettings, loadFromSource, resolveModelSource } from "../transformers/model-source.ts";
import { DenseHead } from "./dense-head.ts";
import {
  type Llm2VecGenManifest,
  llm2VecGenModelId,
  manifestFileName,
  readLlm2VecGenManifest,
} from "./llm2vec-gen-manifest.ts";
import { readSafetensors } from "./safetensors.ts";

export interface Llm2VecGenSettings extends LoadSettings {
  /** Texts embedded per forward pass. */
  readonly batchSize?: number;
}

/**
 * LLM2Vec-Gen generative embeddings: the text, wrapped in its kind's instruction, is followed by trained thought and
 * compression tokens; one forward pass of the frozen decoder, the compression tokens' last hidden states pooled and
 * passed through the head, gives a vector of what the model would answer rather than of the words it was given.
 */
export class Llm2VecGenEmbeddingModel implements EmbeddingModel {
  /** Queries are embedded by what the model would answer: the generative query needs no drafted text. */
  readonly embedsAnswers = true;

  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly manifest: Llm2VecGenManifest,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly decoder: PreTrainedModel,
    private readonly head: DenseHead | undefined,
    private readonly contextLength: number,
    private readonly padId: number,
    private readonly batchSize: number,
  ) {}

  /** Loads a folder in the format that `llm2vec-gen.json` describes (see README, "LLM2Vec-Gen model folders"). */
  static async load(reference: string, settings: Llm2VecGenSettings = {}): Promise<Llm2VecGenEmbeddingModel> {
    const source = resolveModelSource(reference);
    if (source.kind === "hub") {
      throw new ModelLoadError(
        source.id,
        `"${source.id}" is not a local folder. LLM2Vec-Gen models load from a folder holding ${manifestFileName} and the decoder; convert a released checkpoint into one with scripts/models/convert_llm2vec_gen.py.`,
      );
    }
    const manifest = readLlm2VecGenManifest(source.path);
    const decoderFolder = join(source.path, manifest.decoder);
    const [tokenizer, decoder] = await loadFromSource(
      { kind: "folder", path: decoderFolder },
      settings,
      (path, options) =>
        Promise.all([
          AutoTokenizer.from_pretrained(path, options),
          AutoModelForCausalLM.from_pretrained(path, options as never),
        ]),
    );
    const config = decoder.config as unknown as Record<string, unknown>;
    const hiddenSize = Number(config.n_embd ?? config.hidden_size);
    const vocabularySize = Number(config.vocab_size);
    const contextLength = Number(config.n_positions ?? config.max_position_embeddings ?? 2048);
    const specialIds = [...manifest.thoughtTokenIds, ...manifest.compressionTokenIds];
    const outside = specialIds.filter((id) => !(id < vocabularySize));
    if (outside.length > 0) {
      throw new ModelLoadError(
        source.path,
        `Special token ids ${outside.join(", ")} lie outside the decoder's vocabulary (${vocabularySize}).`,
      );
    }
    const head = manifest.head ? await loadHead(source.path, manifest.head, hiddenSize) : undefined;
    const outputSize = head ? head.outputSize : hiddenSize;
    if (outputSize !== manifest.dimensions) {
      throw new ModelLoadError(
        source.path,
        `${manifestFileName} says ${manifest.dimensions} dimensions, but the head gives ${outputSize}.`,
      );
    }
    const padId = Number(config.pad_token_id ?? config.eos_token_id ?? 0);
    return new Llm2VecGenEmbeddingModel(
      llm2VecGenModelId(source.path, manifest),
      manifest.dimensions,
      manifest,
      tokenizer,
      decoder,
      head,
      contextLength,
      padId,
      settings.batchSize ?? 32,
    );
  }

  async embed(options: EmbedOptions): Promise<EmbedResult> {
    const embeddings: Float32Array[] = [];
    let tokens = 0;
    for (let start = 0; start < options.texts.length; start += this.batchSize) {
      if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.modelId);
      const rows = options.texts.slice(start, start + this.batchSize).map((text) => this.inputIds(text, options.kind));
      tokens += rows.reduce((sum, row) => sum + row.length, 0);
      embeddings.push(...(await this.embedRows(rows)));
    }
    return { embeddings, usage: { tokens } };
  }

  async countTokens(texts: readonly string[]): Promise<number[]> {
    return texts.map((text) => this.encode(text).length);
  }

  /** The text in its kind's template, cut to fit the context with the special tokens, then the special tokens. */
  private inputIds(text: string, kind: EmbeddingKind): number[] {
    const special = [...this.manifest.thoughtTokenIds, ...this.manifest.compressionTokenIds];
    const ids = this.encode(this.manifest.templates[kind].replace("{text}", text));
    return [...ids.slice(0, Math.max(0, this.contextLength - special.length)), ...special];
  }

  private encode(text: string): number[] {
    return text === "" ? [] : this.tokenizer.encode(text, { add_special_tokens: false });
  }

  private async embedRows(rows: readonly number[][]): Promise<Float32Array[]> {
    const length = Math.max(...rows.map((row) => row.length));
    const ids = new BigInt64Array(rows.length * length).fill(BigInt(this.padId));
    const mask = new BigInt64Array(rows.length * length);
    for (const [index, row] of rows.entries()) {
      ids.set(row.map(BigInt), index * length);
      mask.fill(1n, index * length, index * length + row.length);
    }
    const outputs = (await (this.decoder as unknown as (inputs: unknown) => Promise<Record<string, Tensor>>)({
      input_ids: new Tensor("int64", ids, [rows.length, length]),
      attention_mask: new Tensor("int64", mask, [rows.length, length]),
    })) as Record<string, Tensor>;
    const hidden = outputs.last_hidden_state;
    if (hidden === undefined) {
      throw new ModelLoadError(
        this.modelId,
        "The decoder's ONNX graph has no last_hidden_state output; re-export it with one.",
      );
    }
    return rows.map((row, index) => this.finish(this.pool(hidden, index, row.length, length)));
  }

  /** Mean (or last) of the compression tokens' hidden states, which end each row. */
  private pool(hidden: Tensor, row: number, rowLength: number, length: number): Float32Array {
    const width = hidden.dims[2] ?? 0;
    const data = hidden.data as Float32Array;
    const count = this.manifest.compressionTokenIds.length;
    const positions =
      this.manifest.pooling === "last"
        ? [rowLength - 1]
        : Array.from({ length: count }, (_, offset) => rowLength - count + offset);
    const vector = new Float32Array(width);
    for (const position of positions) {
      const offset = (row * length + position) * width;
      for (let index = 0; index < width; index++)
        vector[index] = (vector[index] as number) + (data[offset + index] as number);
    }
    for (let index = 0; index < width; index++) vector[index] = (vector[index] as number) / positions.length;
    return vector;
  }

  private finish(pooled: Float32Array): Float32Array {
    const vector = this.head ? this.head.apply(pooled) : pooled;
    if (!this.manifest.normalize) return vector;
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }
}

async function loadHead(
  folder: string,
  head: NonNullable<Llm2VecGenManifest["head"]>,
  inputSize: number,
): Promise<DenseHead> {
  try {
    const tensors = await readSafetensors(join(folder, head.file));
    const tensor = (name: string) => {
      const found = tensors.get(name);
      if (!found) throw new Error(`${head.file} has no tensor ${name}`);
      return found;
    };
    const layers = head.layers.map((layer) => ({
      weight: tensor(layer.weight),
      bias: layer.bias === undefined ? undefined : tensor(layer.bias),
    }));
    return DenseHead.build(layers, head.activation, inputSize);
  } catch (error) {
    throw new ModelLoadError(
      folder,
      `The LLM2Vec-Gen head is unusable: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
      },
    );
  }
}
