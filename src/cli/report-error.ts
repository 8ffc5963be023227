import { RecallError } from "../errors/recall-error.ts";

/** The command's exit codes, as `recall --help` lists them. */
export const exitCodes = {
  success: 0,
  /**
   * A mistake in what was asked (a bad option, a missing file, a port in use), or a failure the message explains; also
   * `recall corpora check` finding problems.
   */
  failure: 1,
  /** `recall index` finished, but some documents could not be indexed (each is recorded with its reason). */
  someDocumentsFailed: 2,
  /** A bug: something failed that Recall did not expect. RECALL_DEBUG=1 prints the stack trace. */
  internalError: 70,
} as const;

export const exitCodesHelp = `
Exit codes:
  0   success
  1   a mistake in what was asked (bad option, missing file or folder, port in use, unknown corpus, ...), explained
      (and recall corpora check: problems found, or left after --repair)
  2   recall index finished, but some documents could not be indexed (listed, and recorded with the job)
  70  an internal error (a bug): RECALL_DEBUG=1 prints the stack trace`;

interface SystemError {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly port?: number;
  readonly address?: string;
  readonly message: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string" && "syscall" in error;
}

/** What a system error means for the person who ran the command, and what to do about it. */
function explainSystemError(error: SystemError): string | undefined {
  const path = error.path ?? "the path";
  switch (error.code) {
    case "EADDRINUSE":
      return `port ${error.port ?? ""} on ${error.address ?? "that address"} is already in use: stop what is listening there, or choose another with --port.`;
    case "EADDRNOTAVAIL":
      return `cannot listen on ${error.address ?? "that address"}: it is not an address of this machine. Use --host 127.0.0.1 or one of this machine's addresses.`;
    case "EACCES":
    case "EPERM":
      return error.syscall === "listen"
        ? `not allowed to listen on port ${error.port ?? ""}: ports below 1024 need privileges; choose another with --port.`
        : `permission denied: ${path}. Check that you may ${error.syscall === "open" ? "read or write" : "use"} it.`;
    case "ENOENT":
      return `no such file or folder: ${path}. Check the path; a file to write needs its folder to exist.`;
    case "ENOTDIR":
      return `not a folder: ${path} (a part of the path is a file).`;
    case "EISDIR":
      return `${path} is a folder where a file was expected.`;
    case "ENOSPC":
      return `no space left on the device while writing ${path}.`;
    case "EMFILE":
      return "too many open files: raise the limit (ulimit -n) and try again.";
    default:
      return undefined;
  }
}

/**
 * Prints an error the way a person needs it — what happened and what to do, never a stack trace for their own
 * mistake — and returns the exit code.
 */
export function reportError(error: unknown, write: (text: string) => void, debug: boolean): number {
  if (error instanceof RecallError) {
    write(`error [${error.code}]: ${error.message}\n`);
    return exitCodes.failure;
  }
  if (isSystemError(error)) {
    const explained = explainSystemError(error);
    if (explained) {
      write(`error [${error.code}]: ${explained}\n`);
      return exitCodes.failure;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`internal error: ${message}\n`);
  write(
    debug && error instanceof Error && error.stack
      ? `${error.stack}\n`
      : "This is a bug. Run again with RECALL_DEBUG=1 to see the stack trace, and report it.\n",
  );
  return exitCodes.internalError;
}
