import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DenseHead } from "../../src/models/llm2vec-gen/dense-head.ts";
import { readSafetensors } from "../../src/models/llm2vec-gen/safetensors.ts";

/** A safetensors file written by hand: header length, JSON header, little-endian data. */
function safetensors(tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  const blobs: Buffer[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    const blob = Buffer.alloc(tensor.values.length * 4);
    for (const [index, value] of tensor.values.entries()) blob.writeFloatLE(value, index * 4);
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + blob.length] };
    blobs.push(blob);
    offset += blob.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, ...blobs]);
}

describe("safetensors reader and dense head", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-head-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("reads F32 tensors with their shapes", async () => {
    const path = join(folder, "head.safetensors");
    await writeFile(
      path,
      safetensors({
        "0.weight": { dtype: "F32", shape: [2, 3], values: [1, 0, -1, 0.5, 0.5, 0.5] },
        "0.bias": { dtype: "F32", shape: [2], values: [0.25, -3] },
      }),
    );
    const tensors = await readSafetensors(path);
    expect(tensors.get("0.weight")?.shape).toEqual([2, 3]);
    expect(Array.from(tensors.get("0.bias")?.data ?? [])).toEqual([0.25, -3]);
    expect(tensors.has("__metadata__")).toBe(false);
  });

  it("refuses a dtype it would misread, naming the tensor", async () => {
    const path = join(folder, "half.safetensors");
    await writeFile(path, safetensors({ w: { dtype: "F16", shape: [1], values: [1] } }));
    await expect(readSafetensors(path)).rejects.toThrow(/tensor w is F16/);
  });

  it("applies linear layers with the activation between them, not after the last", () => {
    const tensor = (shape: number[], values: number[]) => ({ shape, data: Float32Array.from(values) });
    const head = DenseHead.build(
      [
        { weight: tensor([2, 2], [1, 0, 0, -1]), bias: tensor([2], [0, 0]) },
        { weight: tensor([1, 2], [1, 1]), bias: tensor([1], [-5]) },
      ],
      "relu",
      2,
    );
    expect(head.outputSize).toBe(1);
    // relu([3, -4]) = [3, 0]; 3 + 0 - 5 = -2 (no relu on the output)
    expect(Array.from(head.apply(Float32Array.from([3, 4])))).toEqual([-2]);
  });

  it("matches torch's tanh-approximated GELU", () => {
    const identity = { shape: [1, 1], data: Float32Array.from([1]) };
    const head = DenseHead.build(
      [
        { weight: identity, bias: undefined },
        { weight: identity, bias: undefined },
      ],
      "gelu-tanh",
      1,
    );
    // torch.nn.functional.gelu(torch.tensor(1.0), approximate="tanh") = 0.841192
    expect(head.apply(Float32Array.from([1]))[0]).toBeCloseTo(0.841192, 5);
  });

  it("rejects layers whose sizes do not chain", () => {
    const tensor = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    expect(() =>
      DenseHead.build(
        [
          { weight: tensor([4, 3]), bias: tensor([4]) },
          { weight: tensor([2, 5]), bias: undefined },
        ],
        "relu",
        3,
      ),
    ).toThrow(/head layer 1: weight \[2, 5\] does not take 4 inputs/);
  });
});
