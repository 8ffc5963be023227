/** A variant as it is being written in the form: its fields as typed. */
export interface VariantDraft {
  /** Keeps a variant's fields when one before it is removed. */
  readonly key: number;
  readonly name: string;
  readonly strategy: string;
  readonly weight: string;
  /** The strategy's parameters as a JSON object; empty: its defaults. */
  readonly params: string;
}

/** A variant of an experiment's definition, as POST /v1/experiments takes it. */
export interface VariantDefinition {
  readonly name: string;
  readonly strategy: string;
  readonly weight: number;
  readonly params: Record<string, unknown>;
}

/** Why a draft cannot be sent as it is. */
export class VariantDraftError extends Error {
  override readonly name = "VariantDraftError";
}

/** The definition of a draft; throws a VariantDraftError that names the variant when its parameters are not a JSON object. */
export function variantDefinition(draft: VariantDraft, position: number): VariantDefinition {
  const label = draft.name.trim() === "" ? `Variant ${position}` : `Variant "${draft.name.trim()}"`;
  let params: unknown = {};
  if (draft.params.trim() !== "") {
    try {
      params = JSON.parse(draft.params);
    } catch {
      throw new VariantDraftError(
        `${label}: its parameters are not valid JSON. Write an object such as {"samples": 4}.`,
      );
    }
  }
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new VariantDraftError(`${label}: its parameters must be a JSON object such as {"samples": 4}.`);
  return {
    name: draft.name.trim(),
    strategy: draft.strategy,
    weight: Number(draft.weight),
    params: params as Record<string, unknown>,
  };
}
