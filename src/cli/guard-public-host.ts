import { createKeyHint } from "../app/api-key-errors.ts";
import type { RecallApp } from "../app/recall-app.ts";
import { RecallError } from "../errors/recall-error.ts";
import { isLoopbackHost } from "../util/loopback-host.ts";

/** `recall serve` on an address other machines reach, with no API key to keep them out. */
export class PublicHostWithoutKeyError extends RecallError {
  override readonly name = "PublicHostWithoutKeyError";
  readonly code = "api_key_required";
  readonly status = 400;

  constructor(readonly host: string) {
    super(
      `Refusing to serve on ${host} without an API key: anyone who reaches it could use it. Create a key first with \`${createKeyHint}\` (clients then send "Authorization: Bearer KEY"), or serve on 127.0.0.1.`,
    );
  }
}

/** Throws `PublicHostWithoutKeyError` when the server would listen beyond this machine and no key exists. */
export async function guardPublicHost(recall: RecallApp, host: string): Promise<void> {
  if (!isLoopbackHost(host) && !(await recall.keys.anyExist())) throw new PublicHostWithoutKeyError(host);
}
