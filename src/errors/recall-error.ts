/** What a remote client is told of a server failure whose own message is for the operator. */
const serverFailureMessage =
  "The server could not complete the request; the error is logged with this request's id. Try again later, and report the id if it persists.";

/**
 * The base of every error Recall raises on purpose. `code` is stable (clients and the HTTP layer switch on it);
 * `status` says whose fault it is, in HTTP's terms, whatever carries the error (400 to 499: the caller's request,
 * which it can change; 500 and up: the server's, which only its operator can fix). The message says what happened
 * and what to do next.
 */
export abstract class RecallError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** For a refusal that passes (429, 503): how many seconds a client should wait before trying again. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /**
   * The message a remote client may read. A caller's mistake is explained in full. A server failure's message is
   * written for the operator and may name files, URLs or what an upstream server answered, so a client gets a
   * general one unless the class gives one free of such detail.
   */
  get clientMessage(): string {
    return this.status < 500 ? this.message : serverFailureMessage;
  }
}
