/** What a passage looked like when the loop used it: enough to cite it and to show it in a trace. */
export interface PassageRef {
  /** Its number in the prompt ("Passage [n]"), from 1. */
  readonly number: number;
  readonly chunkId: string;
  readonly documentId: string;
  readonly title: string;
  /** The passage's text, as the model read it. */
  readonly text: string;
  /** Where its document came from, relative to what was indexed (never a server path). */
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** The parts of a candidate step's process reward, each in [0, 1]; a part that did not apply is absent. */
export interface RewardParts {
  readonly confidence: number;
  /** Absent with a single candidate (no siblings). */
  readonly consistency?: number;
  readonly grounding?: number;
  readonly novelty?: number;
}

export interface ScoredCandidate {
  readonly text: string;
  /** Mean and lowest token log-probability of the candidate. */
  readonly meanLogprob: number;
  readonly minLogprob: number;
  readonly reward: number;
  readonly parts: RewardParts;
}

/** The answer's signals: agreement, probability and steps in [0, 1]; support -1, 0 or +1. */
export interface AnswerSignals {
  readonly agreement: number;
  readonly probability: number;
  readonly steps: number;
  readonly support: number;
  /** Steps that no passage read states: each is a recalled fact the answer rests on unchecked. */
  readonly unsupportedSteps: number;
}

export type RetrievalQueryKind = "question" | "step" | "generative";

export interface Citation {
  readonly number: number;
  readonly chunkId: string;
  readonly documentId: string;
  readonly title: string;
  /** The cited passage's whole text (`start` and `end` place its supporting sentence in the document). */
  readonly text: string;
  /** Where its document came from, relative to what was indexed (never a server path). */
  readonly uri: string;
  /** Character offsets, in the document's text, of the sentence that supports the answer (else the whole chunk). */
  readonly start: number;
  readonly end: number;
}

/**
 * Everything a strategy does, in order, as typed events: they feed the SSE stream, the stored ask and the
 * evaluation. `step` numbers reasoning steps from 0.
 */
export type TraceEvent =
  | { readonly type: "recall-start"; readonly question: string }
  | {
      readonly type: "recall-end";
      readonly steps: readonly string[];
      readonly draftAnswer: string | undefined;
      readonly answerLogprob: number;
    }
  /** A step is about to be checked (its candidates sampled and scored); sent before the model works on it. */
  | {
      readonly type: "step-start";
      readonly step: number;
      /**
       * Set on a step past the drafted ones, written because the model gave another step this probability (at least
       * `threshold`) where it would have answered: the chain has a bridge left to cross.
       */
      readonly continued?: { readonly chance: number; readonly threshold: number };
    }
  | {
      readonly type: "step-sample";
      readonly step: number;
      readonly candidates: readonly string[];
      readonly withPassages: number;
    }
  | {
      readonly type: "step-reward";
      readonly step: number;
      readonly candidates: readonly ScoredCandidate[];
      readonly chosen: number;
      readonly decision: "accept" | "retrieve" | "accept-after-retrieval";
      /**
       * Why, in a line a person reads, from the numbers the gate decided on: "best reward 0.41 is under the gate 0.50
       * (4 of 5 candidates agree with it)". Asks stored before it was recorded have none in their trace.
       */
      readonly reason: string;
    }
  | {
      readonly type: "retrieve-start";
      readonly step: number;
      readonly query: string;
      readonly queryKind: RetrievalQueryKind;
    }
  | {
      readonly type: "retrieve-end";
      readonly step: number;
      readonly passages: readonly PassageRef[];
      readonly newPassages: number;
    }
  | { readonly type: "answer-delta"; readonly text: string }
  | {
      readonly type: "answer-end";
      readonly answer: string;
      readonly confidence: number;
      readonly abstained: boolean;
      readonly citations: readonly Citation[];
      /**
       * What the confidence was computed from (see Calibration in finish-answer.ts); absent for an answer composed
       * from parts, whose confidence comes from theirs (`parts`).
       */
      readonly signals?: AnswerSignals;
      /** The signals of each part's answer, for an answer composed from parts (a comparison). */
      readonly parts?: readonly AnswerSignals[];
    }
  | {
      /** The question is answered in parts (a comparison: one question a thing, then their years compared). */
      readonly type: "decomposed";
      readonly parts: readonly string[];
    }
  | {
      /** A part's answer; the part's own steps and retrievals came before it, numbered after the earlier parts'. */
      readonly type: "part-answer";
      readonly part: number;
      readonly question: string;
      readonly answer: string;
      readonly confidence: number;
      readonly abstained: boolean;
    };

export type TraceEventType = TraceEvent["type"];

/** Receives trace events as they happen. */
export type TraceSink = (event: TraceEvent) => void;
