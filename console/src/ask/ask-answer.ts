import type { AskResponse } from "../../../src/app/ask-service.ts";

/**
 * The answer that ends a streamed ask: POST /v1/ask's answer, which is the server's answer less its tokens and its
 * trace (types only: nothing of the server is bundled).
 */
export type AskAnswer = Omit<AskResponse, "answerTokens" | "trace">;
