/**
 * The hostile-input run's report: one JSON object (--json) or text — totals, counts by status, route and family,
 * every 5xx with its request and the server's logged error, the responses that missed their expectation, malformed
 * error bodies, the slowest requests, health and memory before and after.
 */
import type { RawOutcome } from "./raw-requests.ts";
import { isUnanswered, type Outcome } from "./send.ts";
import type { ServerLog } from "./server-process.ts";
import { finding, type Tally, tally } from "./tally.ts";

/** The server's default body limit (server.limits.bodyBytes). */
const bodyLimitBytes = 1_048_576;

function bodyBytes(outcome: { request: { body?: () => string | Uint8Array } }): number {
  const body = outcome.request.body?.();
  return body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
}

export interface RunReport {
  readonly seed: number;
  readonly concurrency: number;
  readonly keys: string;
  readonly setup: { readonly experiment: number; readonly ask: number };
  readonly outcomes: readonly Outcome[];
  readonly raw: readonly RawOutcome[];
  readonly privatePaths: readonly string[];
  readonly serverLog: ServerLog;
  readonly health: { alive: boolean; healthz: number; search: number; passages: number; healthy: boolean };
  readonly memory: {
    beforeMiB: number;
    afterMiB: number;
    /** After each round, when the list was sent more than once. */
    roundsMiB: number[];
    peakSampleMiB: number;
    peakMiB: number;
  };
  readonly rounds: number;
  readonly sendSeconds: number;
  readonly wallSeconds: number;
  readonly unsent: number;
  /** Why the run stopped before sending everything, if it did. */
  readonly stoppedEarly: string | null;
}

export interface LoggedError {
  readonly message: string;
  readonly path: string;
  readonly code: string;
  /** The error's first lines (message and frames), and its cause's first line. */
  readonly error: string;
  readonly count: number;
}

/** The errors the server logged, grouped by message, code and first stack lines. */
export function loggedErrors(lines: readonly string[]): { count: number; distinct: LoggedError[] } {
  const groups = new Map<string, LoggedError>();
  for (const line of lines) {
    let fields: Record<string, unknown>;
    if (line.startsWith("{")) {
      fields = JSON.parse(line) as Record<string, unknown>;
    } else {
      const match = line.match(/^error: ([^{]*?)\s*(\{.*\})?$/);
      try {
        fields = { msg: match?.[1], ...(JSON.parse(match?.[2] ?? "{}") as Record<string, unknown>) };
      } catch {
        fields = { msg: line };
      }
    }
    const stack = String(fields.error ?? fields.err ?? "").split("\n");
    const cause = fields.cause === undefined ? "" : `\ncause: ${String(fields.cause).split("\n")[0]}`;
    const error = `${stack.slice(0, 5).join("\n")}${cause}`;
    const message = String(fields.msg ?? "");
    const key = `${message}|${fields.code}|${stack.slice(0, 3).join("|")}`;
    const group = groups.get(key);
    groups.set(key, {
      message,
      path: String(fields.path ?? fields.route ?? ""),
      code: String(fields.code ?? ""),
      error,
      count: (group?.count ?? 0) + 1,
    });
  }
  return {
    count: lines.length,
    distinct: [...groups.values()].sort((left, right) => right.count - left.count).slice(0, 12),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Prints the report; returns whether the run failed: a 5xx (seen by a client, inside a stream, or in the server's own
 * request log), a request with no answer, or the server unhealthy after.
 */
export function printReport(report: RunReport, asJson: boolean): boolean {
  const counts: Tally = tally(report.outcomes, report.raw, report.privatePaths);
  const errors = loggedErrors(report.serverLog.errorLines);
  const serverSide5xx = Object.entries(report.serverLog.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  // A body over the server's limit is refused (413, Connection: close) before it is read whole: the client may still be
  // writing when the connection closes, and sees a broken pipe instead of the answer. That is the refusal working.
  const refusedUnread = report.outcomes.filter(
    (outcome) => outcome.status === "network-error" && bodyBytes(outcome) > bodyLimitBytes,
  );
  const unanswered = report.outcomes.filter((outcome) => isUnanswered(outcome) && !refusedUnread.includes(outcome));
  // A raw request that should have had an answer and got none (a connection dropped) fails the run too.
  const unansweredRaw = report.raw.filter(
    (outcome) => typeof outcome.status !== "number" && outcome.request.expect.kind !== "any",
  );
  const failed =
    counts.serverErrors > 0 ||
    serverSide5xx > 0 ||
    unanswered.length > 0 ||
    unansweredRaw.length > 0 ||
    !report.health.healthy;
  const summary = {
    ok: !failed,
    total: counts.total,
    unsent: report.unsent,
    stoppedEarly: report.stoppedEarly,
    serverErrors: counts.serverErrors,
    serverSide5xx,
    unanswered: unanswered.length + unansweredRaw.length,
    refusedBeforeRead: refusedUnread.length,
    rounds: report.rounds,
    wallSeconds: round(report.wallSeconds),
    sendSeconds: round(report.sendSeconds),
    requestsPerSecond: round(counts.total / report.sendSeconds),
    seed: report.seed,
    concurrency: report.concurrency,
    keys: report.keys,
    setup: report.setup,
    health: report.health,
    memory: {
      beforeMiB: round(report.memory.beforeMiB),
      afterMiB: round(report.memory.afterMiB),
      roundsMiB: report.memory.roundsMiB.map(round),
      peakSampledMiB: round(report.memory.peakSampleMiB),
      peakMiB: round(report.memory.peakMiB),
    },
    byStatus: counts.byStatus,
    byRoute: counts.byRoute,
    byFamily: counts.byFamily,
    rawSocket: report.raw.map((outcome) => ({ request: outcome.request.description, status: outcome.status })),
    serverErrorExamples: counts.serverErrorExamples,
    unansweredExamples: unanswered.slice(0, 25).map((outcome) => ({
      ...finding(outcome),
      atSecond: round((outcome.startedAt - (report.outcomes[0]?.startedAt ?? 0)) / 1000),
    })),
    serverLoggedErrors: errors,
    /** Statuses in the server's own request log: a 5xx there that no client saw was sent on a closed connection. */
    serverRequestLog: report.serverLog.statuses,
    unexpected: counts.unexpected,
    badErrorBodies: counts.badErrorBodies,
    slowest: counts.slowest,
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return failed;
  }
  const line = (text = "") => process.stdout.write(`${text}\n`);
  const statuses = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([status, count]) => `${status}: ${count}`)
      .join(", ");
  if (report.stoppedEarly !== null) line(`STOPPED EARLY: ${report.stoppedEarly}`);
  line(
    `hostile input: ${summary.total} requests (${report.outcomes.length} HTTP, ${report.raw.length} raw socket), ${summary.unsent} unsent`,
  );
  line(
    `time: ${summary.sendSeconds} s sending (${summary.requestsPerSecond}/s, ${report.concurrency} at a time), ${summary.wallSeconds} s in all`,
  );
  line(`keys: ${report.keys}; setup: experiment ${report.setup.experiment}, ask ${report.setup.ask}`);
  line(`by status: ${statuses(counts.byStatus)}`);
  line("\nby route:");
  for (const [route, record] of Object.entries(counts.byRoute).sort())
    line(`  ${route.padEnd(36)} ${statuses(record)}`);
  line("\nby family:");
  for (const [family, record] of Object.entries(counts.byFamily).sort())
    line(`  ${family.padEnd(22)} ${statuses(record)}`);
  line("\nraw socket:");
  for (const outcome of report.raw) line(`  ${String(outcome.status).padEnd(12)} ${outcome.request.description}`);
  line(`\n5xx (and internal errors inside 200 streams): ${counts.serverErrors}`);
  for (const example of counts.serverErrorExamples.slice(0, 12)) {
    line(`  [${example.status}] ${example.request} (${example.milliseconds} ms)`);
    line(`      body: ${example.body}`);
    line(`      response: ${example.response.slice(0, 300)}`);
  }
  line(`\nno answer (timeout or connection closed): ${unanswered.length + unansweredRaw.length}`);
  for (const outcome of unansweredRaw) line(`  [${outcome.status}] raw: ${outcome.request.description}`);
  for (const outcome of unanswered.slice(0, 12)) {
    const example = finding(outcome, false);
    line(`  [${example.status}] ${example.request.slice(0, 160)} (${example.milliseconds} ms): ${example.response}`);
  }
  line(`\nserver's request log by status: ${statuses(report.serverLog.statuses)} (5xx: ${serverSide5xx})`);
  line(`server logged ${errors.count} errors; distinct:`);
  for (const error of errors.distinct)
    line(
      `  ${error.count} × ${error.message} ${error.path} [${error.code}]\n    ${error.error.replace(/\n/g, "\n    ")}`,
    );
  line(
    `\nresponses that missed their expectation (${counts.unexpected.reduce((sum, group) => sum + group.count, 0)}):`,
  );
  for (const group of counts.unexpected.slice(0, 40)) {
    line(`  ${group.count} × [${group.status}, expected ${group.expected}] ${group.family} ${group.route}`);
    for (const example of group.examples.slice(0, 2))
      line(`      ${example.request.slice(0, 200)} → ${example.response.slice(0, 200).replace(/\n/g, " ")}`);
  }
  line(`\nerror bodies without { error: { code, message, type } } or leaking insides: ${counts.badErrorBodies.count}`);
  for (const example of counts.badErrorBodies.examples) line(`  ${example.problem} — ${example.request.slice(0, 160)}`);
  line("\nslowest:");
  for (const example of counts.slowest)
    line(`  ${String(example.milliseconds).padStart(7)} ms [${example.status}] ${example.request.slice(0, 160)}`);
  line(
    `\nhealth after: ${report.health.healthy ? "healthy" : "UNHEALTHY"} (alive ${report.health.alive}, /healthz ${report.health.healthz}, /v1/search ${report.health.search} with ${report.health.passages} passages)`,
  );
  line(
    `RSS: ${summary.memory.beforeMiB} MiB before, ${summary.memory.afterMiB} MiB after, ${summary.memory.peakSampledMiB} MiB highest sampled, ${summary.memory.peakMiB} MiB peak (VmHWM)`,
  );
  line(failed ? "FAILED" : "passed: no 5xx, every request answered, healthy after");
  return failed;
}
