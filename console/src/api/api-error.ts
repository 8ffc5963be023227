/** An API answer that was not a success: the server's stable code and its message, or a network failure. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The key is missing, wrong or revoked: the console asks for one. */
  get needsKey(): boolean {
    return this.status === 401;
  }
}
