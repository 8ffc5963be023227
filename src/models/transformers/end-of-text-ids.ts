/**
 * Every id that ends a model's text: the config's `eos_token_id` (one id, or several, as Llama-3-Instruct lists
 * <|eot_id|> beside <|end_of_text|>), those generation_config.json adds (Phi-3's <|end|>, Gemma-2's <end_of_turn>),
 * and the tokenizer's end-of-text token.
 */
export function endOfTextIds(
  config: Record<string, unknown>,
  generationConfig: unknown,
  tokenizerEndOfTextId: unknown,
): ReadonlySet<number> {
  const generation = typeof generationConfig === "object" && generationConfig !== null ? generationConfig : {};
  return new Set([
    ...idsOf(config.eos_token_id),
    ...idsOf((generation as Record<string, unknown>).eos_token_id),
    ...idsOf(tokenizerEndOfTextId),
  ]);
}

/** A config's token id, which some models give as a list (several end-of-text ids): the first. */
export function firstId(value: unknown): number | undefined {
  return idsOf(value)[0];
}

/** The token ids a config value gives: one id, a list of them, or none (absent, null, or not an integer). */
function idsOf(value: unknown): number[] {
  return (Array.isArray(value) ? value : [value]).filter((id): id is number => Number.isInteger(id));
}
