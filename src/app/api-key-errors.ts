import { RecallError } from "../errors/recall-error.ts";

/** How an administrator makes a key; every message that asks for a key says it. */
export const createKeyHint = "recall keys create --name NAME --all-corpora --scopes ask,search";

/** A request without a usable API key: none sent, or a wrong, revoked or expired one. The token is never echoed. */
export class UnauthorizedError extends RecallError {
  override readonly name = "UnauthorizedError";
  readonly code = "unauthorized";
  readonly status = 401;
}

/** `recall keys revoke` with an id no key has. */
export class ApiKeyNotFoundError extends RecallError {
  override readonly name = "ApiKeyNotFoundError";
  readonly code = "api_key_not_found";
  readonly status = 404;

  constructor(readonly id: string) {
    super(`There is no API key with id "${id}". List the keys and their ids with \`recall keys list\`.`);
  }
}

/** A key that cannot be created as asked (no name, no scope, a bad corpus name, an expiry in the past). */
export class InvalidKeyRequestError extends RecallError {
  override readonly name = "InvalidKeyRequestError";
  readonly code = "invalid_key_request";
  readonly status = 400;
}

/**
 * A request to a server without API keys that was addressed to a name other than this machine's (its Host header):
 * such a server listens on loopback only, so the request comes from a web page whose domain was made to resolve to
 * 127.0.0.1 (DNS rebinding), which must not read or change what the server holds.
 */
export class HostNotAllowedError extends RecallError {
  override readonly name = "HostNotAllowedError";
  readonly code = "host_not_allowed";
  readonly status = 403;

  constructor(
    readonly host: string,
    port: string,
  ) {
    const at = port === "" ? "" : `:${port}`;
    super(
      `This server has no API key yet, so it answers only requests addressed to this machine, not to "${host.slice(0, 200)}". Open it at http://localhost${at} or http://127.0.0.1${at}, or create a key with \`${createKeyHint}\` and send it as "Authorization: Bearer KEY".`,
    );
  }
}
