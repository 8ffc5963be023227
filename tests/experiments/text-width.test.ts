import { describe, expect, it } from "vitest";
import { textWidth, wrapText } from "../../src/experiments/report/text-width.ts";

describe("a chart label's estimated width", () => {
  it("grows with the text and the font size, wide letters counting more than narrow ones", () => {
    expect(textWidth("", 12)).toBe(0);
    expect(textWidth("control", 24)).toBe(2 * textWidth("control", 12));
    expect(textWidth("mmmm", 12)).toBeGreaterThan(textWidth("iiii", 12));
  });

  it("is generous: above the widths Chromium measures in DejaVu Sans, a wide fallback face, at 12 px", () => {
    expect(textWidth("control (always-retrieve)", 12)).toBeGreaterThan(147.2);
    expect(textWidth("recall-then-retrieve", 12)).toBeGreaterThan(115.5);
    expect(textWidth("0.975 [0.930, 1.000]", 12)).toBeGreaterThan(123.9);
  });
});

describe("a chart label wrapped to a width", () => {
  it("stays on one line when it fits", () => {
    expect(wrapText("control (always-retrieve)", 300, 12)).toEqual(["control (always-retrieve)"]);
  });

  it("breaks at spaces first, keeping hyphenated words whole", () => {
    expect(wrapText("treatment (recall-then-retrieve)", 165, 12)).toEqual(["treatment", "(recall-then-retrieve)"]);
  });

  it("breaks a word wider than the line after its hyphens, and between letters when that is not enough", () => {
    expect(wrapText("treatment-strict-threshold", 120, 12)).toEqual(["treatment-strict-", "threshold"]);
    const lines = wrapText("supercalifragilisticexpialidocious", 80, 12);
    expect(lines.join("")).toBe("supercalifragilisticexpialidocious");
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(80);
  });

  it("gives no line for an empty label, and folds runs of spaces", () => {
    expect(wrapText("  ", 100, 12)).toEqual([]);
    expect(wrapText("a   b", 100, 12)).toEqual(["a b"]);
  });
});
