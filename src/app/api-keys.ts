import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { assertCorpusName } from "../db/corpus-errors.ts";
import type { Database } from "../db/database.ts";
import { findKeyByHash, insertKey, type KeyRecord, listKeys, revokeKey } from "../db/key-records.ts";
import { type Access, type Scope, scopes } from "./access.ts";
import { ApiKeyNotFoundError, createKeyHint, InvalidKeyRequestError, UnauthorizedError } from "./api-key-errors.ts";

/** A key as lists show it: everything but the secret. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  /** The secret's first characters, to recognise the key; not enough to use it. */
  readonly prefix: string;
  readonly scopes: readonly Scope[];
  readonly corpora: readonly string[] | "all";
  readonly createdAt: string;
  /** When it stops working; null: never. */
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** A key just created, with its secret: the only time the secret is seen. */
export interface CreatedKey extends ApiKeyInfo {
  readonly key: string;
}

export interface CreateKeyRequest {
  readonly name: string;
  /** The corpora the key may use, or "all" (those indexed later included). */
  readonly corpora: readonly string[] | "all";
  readonly scopes: readonly Scope[];
  /** When the key stops working; undefined: never. */
  readonly expiresAt?: Date | undefined;
}

const secretPrefix = "rk_";
/** "rk_" and 32 random bytes in base64url (43 characters). */
const secretPattern = /^rk_[A-Za-z0-9_-]{43}$/;
/** How much of the secret lists show: "rk_" and 8 characters (48 of its 256 bits). */
const shownLength = secretPrefix.length + 8;

const hashOf = (secret: string): string => createHash("sha256").update(secret).digest("hex");
const isScope = (value: string): value is Scope => (scopes as readonly string[]).includes(value);

function keyInfo(record: KeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes.filter(isScope),
    corpora: record.corpora ?? "all",
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
  };
}

function checkRequest(request: CreateKeyRequest, now: Date): void {
  if (request.name.trim().length === 0 || request.name.length > 100)
    throw new InvalidKeyRequestError(
      "Give the key a name of 1 to 100 characters (--name), saying who or what uses it.",
    );
  if (request.scopes.length === 0 || !request.scopes.every(isScope))
    throw new InvalidKeyRequestError(`Give the key at least one scope (--scopes) of ${scopes.join(", ")}.`);
  if (request.corpora !== "all") {
    if (request.corpora.length === 0)
      throw new InvalidKeyRequestError("Name the corpora the key may use (--corpora a,b), or give it --all-corpora.");
    for (const corpus of request.corpora) assertCorpusName(corpus);
  }
  if (request.expiresAt !== undefined && !(request.expiresAt.getTime() > now.getTime()))
    throw new InvalidKeyRequestError("A key's expiry must be in the future (--expires 30d, 12h, ...).");
}

/** Creates a key: a new random secret, of which only the hash is stored. */
export async function createApiKey(db: Database, request: CreateKeyRequest, now = new Date()): Promise<CreatedKey> {
  checkRequest(request, now);
  const key = `${secretPrefix}${randomBytes(32).toString("base64url")}`;
  const record = await insertKey(db, {
    id: `key_${randomBytes(6).toString("hex")}`,
    name: request.name.trim(),
    keyHash: hashOf(key),
    prefix: key.slice(0, shownLength),
    corpora: request.corpora === "all" ? null : [...new Set(request.corpora)],
    scopes: [...new Set(request.scopes)],
    createdAt: now.toISOString(),
    expiresAt: request.expiresAt?.toISOString() ?? null,
  });
  return { ...keyInfo(record), key };
}

/** Every key, newest first, without secrets. */
export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  return (await listKeys(db)).map(keyInfo);
}

/** Revokes a key at once (revoking it again changes nothing). */
export async function revokeApiKey(db: Database, id: string, now = new Date()): Promise<ApiKeyInfo> {
  const record = await revokeKey(db, id, now.toISOString());
  if (!record) throw new ApiKeyNotFoundError(id);
  return keyInfo(record);
}

/** The token of an `Authorization: Bearer TOKEN` header; throws `UnauthorizedError` when there is none. */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === "")
    throw new UnauthorizedError(
      `This server needs an API key: send the header "Authorization: Bearer KEY". An administrator creates one with \`${createKeyHint}\`.`,
    );
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!match?.[1])
    throw new UnauthorizedError('Send the API key as "Authorization: Bearer KEY" (the word Bearer, a space, the key).');
  return match[1];
}

/**
 * What a key's holder may do. The key is found by its hash (the stored hash is of a 256-bit secret, so a lookup by it
 * tells an attacker nothing) and compared again in constant time; an unknown, revoked or expired key throws
 * `UnauthorizedError`, whose message never holds the key.
 */
export async function accessForKey(db: Database, secret: string, now = new Date()): Promise<Access> {
  const invalid = new UnauthorizedError(
    "That API key is not valid: check that it was copied whole, or ask an administrator for a new one.",
  );
  if (!secretPattern.test(secret)) throw invalid;
  const hash = hashOf(secret);
  const record = await findKeyByHash(db, hash);
  if (!record || !timingSafeEqual(Buffer.from(record.keyHash, "hex"), Buffer.from(hash, "hex"))) throw invalid;
  if (record.revokedAt !== null)
    throw new UnauthorizedError(`That API key (${record.id}) was revoked. Ask an administrator for a new one.`);
  if (record.expiresAt !== null && new Date(record.expiresAt).getTime() <= now.getTime())
    throw new UnauthorizedError(
      `That API key (${record.id}) expired at ${record.expiresAt}. Ask an administrator for a new one.`,
    );
  const info = keyInfo(record);
  return { keyId: info.id, scopes: info.scopes, corpora: info.corpora };
}
