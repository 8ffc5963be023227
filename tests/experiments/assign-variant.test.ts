import { describe, expect, it } from "vitest";
import type { VariantRecord } from "../../src/db/schema.ts";
import { assignVariant } from "../../src/experiments/assign-variant.ts";

const variant = (name: string, weight: number): VariantRecord => ({
  name,
  strategy: "closed-book",
  params: {},
  weight,
});
const keys = Array.from({ length: 10_000 }, (_, index) => `user-${index}`);

describe("sticky assignment", () => {
  const variants = [variant("control", 1), variant("treatment", 3)];

  it("gives a key the same variant every time, without storing anything", () => {
    for (const key of keys.slice(0, 500)) {
      expect(assignVariant("loop-vs-rag", key, variants).name).toBe(assignVariant("loop-vs-rag", key, variants).name);
    }
  });

  it("holds the weights over 10,000 keys", () => {
    const treated = keys.filter((key) => assignVariant("loop-vs-rag", key, variants).name === "treatment").length;
    expect(treated / keys.length).toBeGreaterThan(0.735);
    expect(treated / keys.length).toBeLessThan(0.765);
    const three = [variant("a", 1), variant("b", 1), variant("c", 2)];
    const counts = new Map<string, number>();
    for (const key of keys) {
      const name = assignVariant("three-way", key, three).name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect((counts.get("a") ?? 0) / keys.length).toBeCloseTo(0.25, 1);
    expect((counts.get("c") ?? 0) / keys.length).toBeCloseTo(0.5, 1);
  });

  it("splits keys independently in different experiments", () => {
    const even = [variant("a", 1), variant("b", 1)];
    const agree = keys.filter(
      (key) => assignVariant("first", key, even).name === assignVariant("second", key, even).name,
    ).length;
    expect(agree / keys.length).toBeGreaterThan(0.47);
    expect(agree / keys.length).toBeLessThan(0.53);
  });
});
