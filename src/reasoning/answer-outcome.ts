import type { TokenLogprob } from "../models/language-model.ts";
import type { Citation, PassageRef } from "./trace-events.ts";

/** An answer as a strategy gives it: what the loop decided, with its confidence, steps and sources. */
export interface AnswerOutcome {
  /** The answer, or a plain statement that it is not known. */
  readonly answer: string;
  readonly abstained: boolean;
  /** In [0, 1]: how likely the answer is right (measured for calibration by `recall eval ask`). */
  readonly confidence: number;
  /** The answer the strategy would have given without abstaining (for evaluation). */
  readonly guess: string | undefined;
  /** The answer's tokens as the model wrote them, with log-probabilities (empty when it abstained). */
  readonly answerTokens: readonly TokenLogprob[];
  readonly steps: readonly string[];
  readonly citations: readonly Citation[];
  readonly passages: readonly PassageRef[];
}
