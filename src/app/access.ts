import { RecallError } from "../errors/recall-error.ts";

/** What an API key may do. `admin` includes every other scope. */
export const scopes = ["ask", "search", "embed", "index", "admin"] as const;
export type Scope = (typeof scopes)[number];

/** Who is asking and what they may touch: a key's grants, or everything (the CLI, a server without keys). */
export interface Access {
  /** The key's id; null when no key was needed. */
  readonly keyId: string | null;
  readonly scopes: readonly Scope[] | "all";
  readonly corpora: readonly string[] | "all";
}

/** The access of the command line and of a server that has no keys. */
export const fullAccess: Access = { keyId: null, scopes: "all", corpora: "all" };

/** A key that lacks the scope or the corpus a request needs. */
export class AccessDeniedError extends RecallError {
  override readonly name = "AccessDeniedError";
  readonly code = "forbidden";
  readonly status = 403;
}

export function hasScope(access: Access, scope: Scope): boolean {
  return access.scopes === "all" || access.scopes.includes("admin") || access.scopes.includes(scope);
}

export function mayUseCorpus(access: Access, corpus: string): boolean {
  return access.corpora === "all" || access.corpora.includes(corpus);
}

/** Throws unless the access has the scope. */
export function requireScope(access: Access, scope: Scope): void {
  if (!hasScope(access, scope))
    throw new AccessDeniedError(`This API key lacks the "${scope}" scope. Create a key with --scopes ${scope}.`);
}

/** Throws unless the access may use the corpus. */
export function requireCorpus(access: Access, corpus: string): void {
  if (!mayUseCorpus(access, corpus))
    throw new AccessDeniedError(
      "This API key may not use that corpus. Create a key with --corpora naming it, or --all-corpora.",
    );
}
