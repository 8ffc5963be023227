import { Tensor } from "@huggingface/transformers";

/**
 * A decoder's key/value cache as transformers.js exports name it (`past_key_values.N.key` / `.value`), each tensor
 * laid out [batch, heads, positions, head size] — the layout of the GPT-2 and Llama exports. Rows of a batch may
 * hold different numbers of positions: each is left-padded to the batch's width, and the padding is masked out.
 */
export type KeyValueCache = Record<string, Tensor>;

/** The cache a forward pass returned (its `present.*` outputs), named as the next pass takes it. */
export function presentsOf(outputs: Record<string, Tensor>): KeyValueCache {
  const cache: KeyValueCache = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name.startsWith("present")) cache[name.replace("present", "past_key_values")] = tensor;
  }
  return cache;
}

/** One row to gather: row `row` of `cache`, whose last `length` positions are real (the rest is padding). */
export interface CacheRow {
  readonly cache: KeyValueCache;
  readonly row: number;
  readonly length: number;
}

/** The typed arrays a cache tensor's data may be: float32, or float16 stored as 16-bit words. */
type CacheData = Float32Array | Uint16Array;

/**
 * A new batch of the given rows, in order, each left-padded with zeros to the longest: how rows join a running batch
 * and leave it (a copy, made only when the batch's rows change, not at every step). The cache keeps its element
 * type (float32, or float16 for an fp16 model).
 */
export function gatherCache(rows: readonly CacheRow[]): KeyValueCache {
  const first = rows[0];
  if (first === undefined) return {};
  const width = Math.max(...rows.map((row) => row.length));
  const gathered: KeyValueCache = {};
  for (const name of Object.keys(first.cache)) {
    const model = first.cache[name] as Tensor;
    const [, heads = 1, , headSize = 1] = model.dims;
    const data = emptyLike(model.data as CacheData, rows.length * heads * width * headSize);
    rows.forEach((part, index) => {
      const tensor = part.cache[name] as Tensor;
      const source = tensor.data as CacheData;
      const sourceWidth = tensor.dims[2] as number;
      for (let head = 0; head < heads; head++) {
        const from = ((part.row * heads + head) * sourceWidth + sourceWidth - part.length) * headSize;
        const to = ((index * heads + head) * width + width - part.length) * headSize;
        data.set(source.subarray(from, from + part.length * headSize), to);
      }
    });
    gathered[name] = new Tensor(model.type, data, [rows.length, heads, width, headSize]);
  }
  return gathered;
}

/** A zeroed array of the same element type. */
function emptyLike(data: CacheData, length: number): CacheData {
  const Constructor = data.constructor as new (length: number) => CacheData;
  return new Constructor(length);
}
