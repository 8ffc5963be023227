import { RecallError } from "../errors/recall-error.ts";

/** An ask id that names no stored ask, or one the caller may not read (which is not told apart, so as not to leak it). */
export class AskNotFoundError extends RecallError {
  override readonly name = "AskNotFoundError";
  readonly code = "ask_not_found";
  readonly status = 404;

  constructor(readonly askId: string) {
    super(
      `There is no ask with id "${askId.slice(0, 200)}" that this API key may read. Send the "id" of a /v1/ask answer (or recall.ask_id of a chat completion); a key reads only the asks made with it, unless it has the admin scope.`,
    );
  }
}
