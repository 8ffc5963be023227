import { RecallError } from "../errors/recall-error.ts";

/** PostgreSQL could not be reached or refused the connection at start. */
export class DatabaseUnavailableError extends RecallError {
  override readonly name = "DatabaseUnavailableError";
  readonly code = "database_unavailable";
  readonly status = 503;

  /** `location`: host, port and database, never the password. */
  constructor(location: string, reason: string, options?: { cause?: unknown }) {
    super(
      `Cannot use PostgreSQL at ${location}: ${reason}. Check database.url (RECALL_DATABASE_URL): the server must be running and reachable, the database must exist and the user must be allowed in.`,
      options,
    );
  }
}

/** A PostgreSQL URL as a person may read it: host, port and database, without user or password. */
export function postgresLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "an unreadable URL";
  }
}
