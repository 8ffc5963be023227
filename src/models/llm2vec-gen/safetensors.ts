import { readFile } from "node:fs/promises";
import { z } from "zod";

const headerSchema = z.record(
  z.string(),
  z.union([
    z.object({
      dtype: z.string(),
      shape: z.array(z.number().int().min(0)),
      data_offsets: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
    }),
    z.record(z.string(), z.string()),
  ]),
);

/** A float32 tensor read from a safetensors file. */
export interface Float32Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * Reads the F32 tensors of a safetensors file (8-byte little-endian header length, JSON header, raw data). Other
 * dtypes are refused by name, so a half-precision head fails clearly instead of being misread.
 */
export async function readSafetensors(path: string): Promise<Map<string, Float32Tensor>> {
  const bytes = await readFile(path);
  if (bytes.length < 8) throw new Error(`${path} is too short to be a safetensors file`);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw new Error(`${path}: its header runs past the end of the file`);
  const header = headerSchema.parse(JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8")));
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Float32Tensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__" || !("dtype" in entry) || typeof entry.dtype !== "string") continue;
    const described = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (described.dtype !== "F32") throw new Error(`${path}: tensor ${name} is ${described.dtype}; only F32 is read`);
    const [start, end] = described.data_offsets;
    const count = described.shape.reduce((product, size) => product * size, 1);
    if (end - start !== count * 4 || dataStart + end > bytes.length) {
      throw new Error(`${path}: tensor ${name} does not match its shape [${described.shape.join(", ")}]`);
    }
    const copy = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart + start, end - start);
    for (let index = 0; index < count; index++) copy[index] = view.getFloat32(index * 4, true);
    tensors.set(name, { shape: described.shape, data: copy });
  }
  return tensors;
}
