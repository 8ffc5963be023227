import { describe, expect, it } from "vitest";
import { EmbeddingModelPool } from "../../src/app/embedding-model-pool.ts";
import { RecordingEmbeddingModel } from "../support/recording-embedding-model.ts";

/** A pool over recording models, one per key, that counts each key's loads and keeps every model it made. */
function recordingPool(capacity: number) {
  const pool = new EmbeddingModelPool(capacity);
  const loads = new Map<string, number>();
  const made: RecordingEmbeddingModel[] = [];
  const load = (key: string) => async () => {
    loads.set(key, (loads.get(key) ?? 0) + 1);
    const model = new RecordingEmbeddingModel(key);
    made.push(model);
    return model;
  };
  const get = (key: string) => pool.get(key, load(key));
  const instances = (key: string) => made.filter((model) => model.modelId === key);
  return { pool, get, loads, instances };
}

const embedOne = { texts: ["a passage"], kind: "passage" } as const;

describe("the embedding model pool", () => {
  it("loads a model once for callers that need it at the same time", async () => {
    const { get, loads } = recordingPool(2);
    const [first, second] = await Promise.all([get("encoder"), get("encoder")]);
    expect(loads.get("encoder")).toBe(1);
    expect(first.modelId).toBe("encoder");
    expect(second.dimensions).toBe(2);
    await second.embed(embedOne);
  });

  it("holds at most its capacity, closing the least recently used model to load another", async () => {
    const { pool, get, instances } = recordingPool(2);
    const encoder = await get("encoder");
    await get("generative");
    await encoder.embed(embedOne);
    await get("remote");
    expect(pool.loadedKeys()).toEqual(["encoder", "remote"]);
    expect(instances("generative")[0]?.closed).toBe(true);
    expect(instances("encoder")[0]?.closed).toBe(false);
  });

  it("never closes a model under a running call: it is unloaded once the call ends", async () => {
    const { pool, get, instances } = recordingPool(1);
    const encoder = await get("encoder");
    const held = instances("encoder")[0] as RecordingEmbeddingModel;
    const arrived = held.hold();
    const running = encoder.embed(embedOne);
    await arrived;
    const generative = await get("generative");
    expect(pool.loadedKeys()).toEqual(["encoder", "generative"]);
    expect(held.closed).toBe(false);
    held.release();
    await expect(running).resolves.toMatchObject({ usage: { tokens: 1 } });
    expect(held.closed).toBe(true);
    expect(pool.loadedKeys()).toEqual(["generative"]);
    await generative.embed(embedOne);
  });

  it("keeps a model that was to be unloaded when a new call wants it first, unloading the least recent other", async () => {
    const { pool, get, instances } = recordingPool(1);
    const encoder = await get("encoder");
    const held = instances("encoder")[0] as RecordingEmbeddingModel;
    const arrived = held.hold();
    const running = encoder.embed(embedOne);
    await arrived;
    await get("generative");
    held.release();
    await Promise.all([running, encoder.embed(embedOne)]);
    expect(held.closed).toBe(false);
    expect(instances("generative")[0]?.closed).toBe(true);
    expect(pool.loadedKeys()).toEqual(["encoder"]);
  });

  it("loads an unloaded model again when a caller that kept it calls it", async () => {
    const { pool, get, loads, instances } = recordingPool(1);
    const encoder = await get("encoder");
    await get("generative");
    expect(instances("encoder")[0]?.closed).toBe(true);
    await expect(encoder.countTokens(["two words"])).resolves.toEqual([2]);
    expect(loads.get("encoder")).toBe(2);
    expect(instances("generative")[0]?.closed).toBe(true);
    expect(pool.loadedKeys()).toEqual(["encoder"]);
  });

  it("forgets a load that failed, so that the next call tries again", async () => {
    const pool = new EmbeddingModelPool(1);
    let attempts = 0;
    const load = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("the folder is not there yet");
      return new RecordingEmbeddingModel("encoder");
    };
    await expect(pool.get("encoder", load)).rejects.toThrow("not there yet");
    expect(pool.loadedKeys()).toEqual([]);
    await expect(pool.get("encoder", load)).resolves.toMatchObject({ modelId: "encoder" });
    expect(attempts).toBe(2);
  });

  it("closes every model when it closes", async () => {
    const { pool, get, instances } = recordingPool(3);
    await Promise.all([get("encoder"), get("generative")]);
    await pool.close();
    expect([...instances("encoder"), ...instances("generative")].every((model) => model.closed)).toBe(true);
    expect(pool.loadedKeys()).toEqual([]);
  });

  it("refuses a capacity below one", () => {
    expect(() => new EmbeddingModelPool(0)).toThrow(RangeError);
  });
});
