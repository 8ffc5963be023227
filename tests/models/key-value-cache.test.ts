import { Tensor } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { gatherCache } from "../../src/models/transformers/key-value-cache.ts";

/** A one-layer cache of `rows` rows, 1 head, `width` positions of 2 values, numbered so that each value says where it was. */
function cache(type: "float32" | "float16", rows: number, width: number, offset: number) {
  const values = Array.from({ length: rows * width * 2 }, (_, index) => offset + index);
  const data = type === "float32" ? Float32Array.from(values) : Uint16Array.from(values);
  return { "past_key_values.0.key": new Tensor(type, data, [rows, 1, width, 2]) };
}

describe("gatherCache", () => {
  it.each(["float32", "float16"] as const)("left-pads rows of %s caches to the longest and keeps the type", (type) => {
    const long = cache(type, 1, 3, 100);
    const short = cache(type, 2, 2, 200);
    const gathered = gatherCache([
      { cache: long, row: 0, length: 3 },
      { cache: short, row: 1, length: 1 },
    ])["past_key_values.0.key"] as Tensor;
    expect(gathered.type).toBe(type);
    expect(gathered.dims).toEqual([2, 1, 3, 2]);
    expect(gathered.data.constructor).toBe(type === "float32" ? Float32Array : Uint16Array);
    // Row 0 is the long row whole; row 1 is the short cache's second row's last position, after two padded ones.
    expect(Array.from(gathered.data as ArrayLike<number>)).toEqual([
      100, 101, 102, 103, 104, 105, 0, 0, 0, 0, 206, 207,
    ]);
  });
});
