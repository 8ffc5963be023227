import type { Database } from "../db/database.ts";
import { anyKeyExists } from "../db/key-records.ts";
import { isLoopbackHost } from "../util/loopback-host.ts";
import { type Access, fullAccess, requireScope } from "./access.ts";
import { HostNotAllowedError } from "./api-key-errors.ts";
import {
  type ApiKeyInfo,
  accessForKey,
  bearerToken,
  type CreatedKey,
  type CreateKeyRequest,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys.ts";

/** What authenticating a request reads of it. */
export interface AuthenticationRequest {
  /** Its `Authorization` header, if any. */
  readonly authorization: string | undefined;
  /** The URL it was sent to, its host the one the client named (the Host header). */
  readonly url: string;
}

/** The API keys use cases — create, list, revoke (each needs the admin scope) — and authenticating a request. */
export class KeyService {
  constructor(
    private readonly db: Database,
    /** settings.auth.required: keys are needed even before the first one exists. */
    private readonly requiredBySettings: boolean,
  ) {}

  /** Creates an API key; the result holds its secret, which is never shown again. */
  async create(request: CreateKeyRequest, access: Access = fullAccess): Promise<CreatedKey> {
    requireScope(access, "admin");
    return createApiKey(this.db, request);
  }

  /** Every API key, without secrets. */
  async list(access: Access = fullAccess): Promise<ApiKeyInfo[]> {
    requireScope(access, "admin");
    return listApiKeys(this.db);
  }

  /** Revokes an API key at once. */
  async revoke(id: string, access: Access = fullAccess): Promise<ApiKeyInfo> {
    requireScope(access, "admin");
    return revokeApiKey(this.db, id);
  }

  /** Whether any API key was ever created (revoked and expired ones count). */
  async anyExist(): Promise<boolean> {
    return anyKeyExists(this.db);
  }

  /**
   * Whether /v1 routes need a key: the settings require one, or a key was ever created. Until one exists it is read
   * on every request (one indexed read), so that a key the CLI creates while the server runs counts at once; revoking
   * the last key locks the server rather than opening it.
   */
  async required(): Promise<boolean> {
    // Keys are never deleted (a revoked one still counts), so once one exists the answer stays yes: no more reads.
    if (this.requiredBySettings || this.keysExist) return true;
    this.keysExist = await this.anyExist();
    return this.keysExist;
  }

  private keysExist = false;

  /**
   * The access of a request: its key's grants, or full access while no key is needed. Throws `UnauthorizedError`
   * (401) without a key or with a wrong, revoked or expired one when keys are needed, and `HostNotAllowedError` (403)
   * when they are not and the request was addressed to a name other than this machine's (see `isLoopbackHost`): a
   * server without keys listens on loopback only, so such a request comes from a page whose domain rebinds to it.
   */
  async authenticate(request: AuthenticationRequest): Promise<Access> {
    if (await this.required()) return accessForKey(this.db, bearerToken(request.authorization));
    const { hostname, port } = new URL(request.url);
    if (!isLoopbackHost(hostname)) throw new HostNotAllowedError(hostname, port);
    return fullAccess;
  }
}
