import type { SeededRandom } from "../../util/seeded-random.ts";

/** Natural-log softmax of one row of logits. */
export function logSoftmax(logits: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const logSum = max + Math.log(sum);
  const result = new Float32Array(logits.length);
  for (let index = 0; index < logits.length; index++) result[index] = (logits[index] as number) - logSum;
  return result;
}

/** The `count` highest entries, best first, as [index, value] pairs. */
export function topEntries(values: Float32Array, count: number): [number, number][] {
  const best: [number, number][] = [];
  if (count <= 0) return best;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (best.length === count && value <= (best[count - 1] as [number, number])[1]) continue;
    let position = best.length;
    while (position > 0 && (best[position - 1] as [number, number])[1] < value) position--;
    best.splice(position, 0, [index, value]);
    if (best.length > count) best.pop();
  }
  return best;
}

/**
 * Picks the next token from log-probabilities: the best one when temperature is 0, otherwise a draw from the
 * distribution sharpened or flattened by the temperature and cut to the top-p nucleus.
 */
export function chooseToken(logprobs: Float32Array, temperature: number, topP: number, random: SeededRandom): number {
  if (temperature === 0) return (topEntries(logprobs, 1)[0] as [number, number])[0];
  const weights: [number, number][] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logprobs) max = Math.max(max, value / temperature);
  let total = 0;
  for (let index = 0; index < logprobs.length; index++) {
    const weight = Math.exp((logprobs[index] as number) / temperature - max);
    weights.push([index, weight]);
    total += weight;
  }
  let candidates = weights;
  if (topP < 1) {
    candidates = [...weights].sort((left, right) => right[1] - left[1]);
    let kept = 0;
    let mass = 0;
    while (kept < candidates.length && mass < topP * total) mass += (candidates[kept++] as [number, number])[1];
    candidates = candidates.slice(0, kept);
    total = mass;
  }
  let draw = random.next() * total;
  for (const [index, weight] of candidates) {
    draw -= weight;
    if (draw <= 0) return index;
  }
  return (candidates.at(-1) as [number, number])[0];
}
