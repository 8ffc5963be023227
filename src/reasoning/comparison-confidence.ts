/**
 * How likely a comparison answered from its parts is right, from the parts' confidences: right when every part is,
 * and otherwise still right half the time (two options, one picked).
 */
export function comparisonConfidence(parts: readonly number[]): number {
  const allRight = parts.reduce((product, confidence) => product * confidence, 1);
  return allRight + (1 - allRight) / 2;
}
