/** Types of the synthetic "tiny world" that the bundled models are trained on and the tests run against. */

export type EntityKind = "person" | "place" | "organisation";

/** How an entity's facts reach the tiny language model. */
export type Knowledge =
  /** Its facts were trained into the model: it answers them closed-book. */
  | "known"
  /** Its facts are only in the corpus: the model must read them from a passage. */
  | "unknown";

/** Which use an unknown entity is reserved for: training text for reading, tuning, or held-out figures. */
export type Split = "train" | "dev" | "test";

export type Relation =
  | "birthplace"
  | "employer"
  | "profession"
  | "birthYear"
  | "region"
  | "river"
  | "placeFoundedYear"
  | "headquarters"
  | "founder"
  | "industry"
  | "organisationFoundedYear";

export interface Fact {
  readonly subjectId: string;
  readonly relation: Relation;
  /** The answer as text. */
  readonly value: string;
  /** The entity the answer names, when it names one. */
  readonly valueId?: string;
  /** False when the corpus deliberately leaves this fact out (an "absent" fact). */
  readonly inCorpus: boolean;
}

export interface Entity {
  readonly id: string;
  readonly kind: EntityKind;
  readonly name: string;
  readonly pronoun: "she" | "he" | "it";
  readonly knowledge: Knowledge;
  readonly split: Split;
  readonly facts: readonly Fact[];
}

export interface World {
  readonly seed: number;
  readonly entities: readonly Entity[];
}
