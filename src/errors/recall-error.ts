/**
 * The base of every error Recall raises on purpose. `code` is stable (clients and the HTTP layer switch on it);
 * the message says what happened and what to do next.
 */
export abstract class RecallError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
