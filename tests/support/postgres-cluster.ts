import { execFile } from "node:child_process";
import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** A throwaway PostgreSQL cluster for one test file: `url` names an empty database; `stop` ends it and removes it. */
export interface PostgresCluster {
  readonly url: string;
  readonly port: number;
  /** Creates another empty database in the cluster and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Thrown when a cluster cannot be started although PostgreSQL is installed; the message quotes the server's log. */
export class PostgresClusterError extends Error {
  override readonly name = "PostgresClusterError";
  readonly log: string;

  constructor(message: string, options: { log: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.log = options.log;
  }
}

interface Account {
  readonly uid: number;
  readonly gid: number;
}

interface Toolchain {
  readonly binFolder: string;
  /** The account the server runs as: PostgreSQL refuses root, so an unprivileged one when the tests run as root. */
  readonly account: Account | undefined;
}

const startAttempts = 4;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasServerBinaries(folder: string): boolean {
  return isExecutable(join(folder, "initdb")) && isExecutable(join(folder, "pg_ctl"));
}

/** The folder holding initdb and pg_ctl: the first on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
function findBinFolder(): string | undefined {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter((folder) => folder !== "");
  const found = onPath.find(hasServerBinaries);
  if (found !== undefined) return found;
  let versions: string[] = [];
  try {
    versions = readdirSync("/usr/lib/postgresql");
  } catch {
    return undefined;
  }
  return versions
    .sort((left, right) => Number.parseFloat(right) - Number.parseFloat(left))
    .map((version) => join("/usr/lib/postgresql", version, "bin"))
    .find(hasServerBinaries);
}

/** The uid and gid of the first of `names` in /etc/passwd. */
function findAccount(names: readonly string[]): Account | undefined {
  let passwd: string;
  try {
    passwd = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  const entries = passwd.split("\n").map((line) => line.split(":"));
  for (const name of names) {
    const entry = entries.find((fields) => fields[0] === name);
    if (entry?.[2] !== undefined && entry[3] !== undefined) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  return undefined;
}

function resolveToolchain(): Toolchain | string {
  const binFolder = findBinFolder();
  if (binFolder === undefined) {
    return "PostgreSQL's initdb and pg_ctl are neither on PATH nor in /usr/lib/postgresql/*/bin (install Debian's postgresql package; .ci/run does)";
  }
  if (process.getuid?.() !== 0) return { binFolder, account: undefined };
  const account = findAccount(["postgres", "nobody"]);
  if (account === undefined) {
    return "the tests run as root, which PostgreSQL refuses, and there is no postgres or nobody account to run it as";
  }
  return { binFolder, account };
}

const toolchain = resolveToolchain();

/**
 * Why no PostgreSQL cluster can be started here, or undefined when one can. Meant for
 * `describe.skipIf(postgresUnavailableReason !== undefined)` with the reason in the title.
 */
export const postgresUnavailableReason: string | undefined = typeof toolchain === "string" ? toolchain : undefined;

function run(toolchainInUse: Toolchain, tool: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      join(toolchainInUse.binFolder, tool),
      args,
      { cwd, ...(toolchainInUse.account ?? {}), env: { ...process.env, LC_ALL: "C" } },
      (error, _stdout, stderr) => {
        if (error === null) resolve();
        else
          reject(
            new PostgresClusterError(`${tool} failed: ${stderr.trim() || error.message}`, {
              log: stderr,
              cause: error,
            }),
          );
      },
    );
  });
}

/** A port nobody listens on now; another process may still take it before the server binds, hence the retries. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function createDatabase(port: number, name: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a throwaway PostgreSQL cluster in a fresh temporary folder: initdb with trust authentication (no fsync),
 * the server on a free port on 127.0.0.1 with its unix socket in that folder, and an empty database "recall". Clusters
 * started at once by several test files get distinct folders and ports. As root, the server runs as the postgres
 * (else nobody) account. `stop` stops the server and removes the folder; await it in afterAll.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (typeof toolchain === "string")
    throw new PostgresClusterError(`cannot start PostgreSQL: ${toolchain}`, { log: "" });
  const root = await mkdtemp(join(tmpdir(), "recall-postgres-"));
  const dataFolder = join(root, "data");
  const logFile = join(root, "server.log");
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    if (toolchain.account !== undefined) await chown(root, toolchain.account.uid, toolchain.account.gid);
    await run(
      toolchain,
      "initdb",
      ["-D", dataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      root,
    );
    const port = await startServer(root, dataFolder, logFile);
    const stop = async () => {
      try {
        await run(toolchain, "pg_ctl", ["stop", "-D", dataFolder, "-m", "immediate", "-w", "-s"], root);
      } finally {
        await remove();
      }
    };
    try {
      await createDatabase(port, "recall");
    } catch (error) {
      await stop();
      throw error;
    }
    const urlOf = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
    return {
      url: urlOf("recall"),
      port,
      createDatabase: async (name) => {
        await createDatabase(port, name);
        return urlOf(name);
      },
      stop,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function startServer(root: string, dataFolder: string, logFile: string): Promise<number> {
  if (typeof toolchain === "string") throw new Error("unreachable: no PostgreSQL toolchain");
  let lastError: unknown;
  for (let attempt = 0; attempt < startAttempts; attempt += 1) {
    const port = await freePort();
    const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -F -c full_page_writes=off -c synchronous_commit=off`;
    try {
      await run(toolchain, "pg_ctl", ["start", "-D", dataFolder, "-l", logFile, "-w", "-s", "-o", serverOptions], root);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  const log = await readFile(logFile, "utf8").catch(() => "");
  throw new PostgresClusterError(
    `PostgreSQL did not start after ${startAttempts} attempts on free ports; its log (${logFile}) ends:\n${log.slice(-2000)}`,
    { log, cause: lastError },
  );
}
