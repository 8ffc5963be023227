/**
 * The hostile-input run's report: one JSON object (--json) or text — totals, counts by status, route and family,
 * every 5xx with its request and the server's logged error, the responses that missed their expectation, malformed
 * error bodies, the slowest requests, health and memory before and after.
 */
import type { RawOutcome } from "./raw-requests.ts";
import type { Outcome } from "./send.ts";
import { type Tally, tally } from "./tally.ts";

export interface RunReport {
  readonly seed: number;
  readonly concurrency: number;
  readonly keys: string;
  readonly setup: { readonly experiment: number; readonly ask: number };
  readonly outcomes: readonly Outcome[];
  readonly raw: readonly RawOutcome[];
  readonly privatePaths: readonly string[];
  readonly serverLog: string;
  readonly health: { alive: boolean; healthz: number; search: number; passages: number; healthy: boolean };
  readonly memory: { beforeMiB: number; afterMiB: number; peakSampleMiB: number; peakMiB: number };
  readonly sendSeconds: number;
  readonly wallSeconds: number;
  readonly unsent: number;
}

/** The distinct errors the server logged (first line and the first frames of each), at most `limit`. */
function loggedErrors(log: string, limit = 8): { count: number; distinct: string[] } {
  const entries = log.split(/\n(?=error: |warning: |\S)/).filter((entry) => entry.startsWith("error: "));
  const distinct = new Map<string, string>();
  for (const entry of entries) {
    const stack = entry.match(/"error":"((?:[^"\\]|\\.)*)"/)?.[1]?.replace(/\\n/g, "\n") ?? entry;
    const key = stack.split("\n").slice(0, 2).join(" ").slice(0, 200);
    if (!distinct.has(key)) distinct.set(key, stack.split("\n").slice(0, 6).join("\n"));
  }
  return { count: entries.length, distinct: [...distinct.values()].slice(0, limit) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Prints the report; returns whether the run failed (a 5xx, or the server unhealthy after). */
export function printReport(report: RunReport, asJson: boolean): boolean {
  const counts: Tally = tally(report.outcomes, report.raw, report.privatePaths);
  const errors = loggedErrors(report.serverLog);
  const failed = counts.serverErrors > 0 || !report.health.healthy;
  const summary = {
    ok: !failed,
    total: counts.total,
    unsent: report.unsent,
    serverErrors: counts.serverErrors,
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
      peakSampledMiB: round(report.memory.peakSampleMiB),
      peakMiB: round(report.memory.peakMiB),
    },
    byStatus: counts.byStatus,
    byRoute: counts.byRoute,
    byFamily: counts.byFamily,
    serverErrorExamples: counts.serverErrorExamples,
    serverLoggedErrors: errors,
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
  line(`\n5xx (and internal errors inside 200 streams): ${counts.serverErrors}`);
  for (const example of counts.serverErrorExamples.slice(0, 12)) {
    line(`  [${example.status}] ${example.request} (${example.milliseconds} ms)`);
    line(`      body: ${example.body}`);
    line(`      response: ${example.response.slice(0, 300)}`);
  }
  line(`server logged ${errors.count} errors; distinct:`);
  for (const error of errors.distinct) line(`  ${error.replace(/\n/g, "\n    ")}`);
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
  line(failed ? "FAILED" : "passed: no 5xx, healthy after");
  return failed;
}
