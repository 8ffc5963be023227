import type { AskListQuery, AskRecord } from "../db/ask-records.ts";
import { type Access, hasScope } from "./access.ts";

/**
 * Which stored asks an access may read, as the filters of a list: an admin (or the full access of a server without
 * keys) reads every ask, any other key only the asks made with it; a key limited to some corpora reads only the asks
 * on those, and the closed-book asks made with it. `mayReadAsk` says the same of one ask.
 */
export function askVisibility(access: Access): Pick<AskListQuery, "keyId" | "corpora"> {
  return {
    ...(hasScope(access, "admin") ? {} : { keyId: access.keyId }),
    ...(access.corpora === "all" ? {} : { corpora: { names: access.corpora, closedBookKeyId: access.keyId } }),
  };
}

/** Whether the access may read the ask (see `askVisibility`). */
export function mayReadAsk(access: Access, ask: Pick<AskRecord, "keyId" | "corpus">): boolean {
  const own = ask.keyId === access.keyId;
  if (!own && !hasScope(access, "admin")) return false;
  if (access.corpora === "all") return true;
  return ask.corpus === null ? own && access.keyId !== null : access.corpora.includes(ask.corpus);
}
