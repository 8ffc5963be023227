import { Tensor } from "@huggingface/transformers";

/**
 * A decoder's key/value cache as transformers.js exports name it (`past_key_values.N.key` / `.value`), each tensor
 * laid out [batch, heads, positions, head size] — the layout of the GPT-2 and Llama exports.
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

/**
 * Stacks single-row caches of different lengths into one batch, each row left-padded with zeros to the longest.
 * The padded positions must be masked out (attention mask 0) by the forward pass that reads the batch.
 */
export function stackCaches(rows: readonly KeyValueCache[], lengths: readonly number[]): KeyValueCache {
  const longest = Math.max(...lengths);
  const first = rows[0];
  if (first === undefined) return {};
  const stacked: KeyValueCache = {};
  for (const name of Object.keys(first)) {
    const [, heads = 1, , headSize = 1] = (first[name] as Tensor).dims;
    const data = new Float32Array(rows.length * heads * longest * headSize);
    rows.forEach((row, index) => {
      const source = (row[name] as Tensor).data as Float32Array;
      const length = lengths[index] as number;
      const pad = longest - length;
      for (let head = 0; head < heads; head++) {
        const from = head * length * headSize;
        const to = ((index * heads + head) * longest + pad) * headSize;
        data.set(source.subarray(from, from + length * headSize), to);
      }
    });
    stacked[name] = new Tensor("float32", data, [rows.length, heads, longest, headSize]);
  }
  return stacked;
}

/** Splits a batch cache back into single-row caches, keeping each row's last `lengths[row]` positions (no padding). */
export function splitCache(cache: KeyValueCache, lengths: readonly number[]): KeyValueCache[] {
  const rows: KeyValueCache[] = lengths.map(() => ({}));
  for (const [name, tensor] of Object.entries(cache)) {
    const [, heads = 1, positions = 1, headSize = 1] = tensor.dims;
    const source = tensor.data as Float32Array;
    lengths.forEach((length, index) => {
      const data = new Float32Array(heads * length * headSize);
      for (let head = 0; head < heads; head++) {
        const from = ((index * heads + head) * positions + positions - length) * headSize;
        data.set(source.subarray(from, from + length * headSize), head * length * headSize);
      }
      (rows[index] as KeyValueCache)[name] = new Tensor("float32", data, [1, heads, length, headSize]);
    });
  }
  return rows;
}
