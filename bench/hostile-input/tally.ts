/**
 * Counts a run's outcomes: by status, by route and status, by family and status; the server errors with their
 * requests, the responses that did not meet their expectation, malformed error bodies and the slowest requests.
 */
import { errorBodyProblem } from "./error-shape.ts";
import { bodyPreview, meetsExpectation } from "./hostile-request.ts";
import type { RawOutcome } from "./raw-requests.ts";
import { isServerError, type Outcome } from "./send.ts";

export interface Finding {
  readonly request: string;
  readonly family: string;
  readonly route: string;
  readonly credential: string;
  readonly status: string;
  readonly milliseconds: number;
  readonly body: string;
  readonly response: string;
}

export interface UnexpectedGroup {
  readonly family: string;
  readonly route: string;
  readonly status: string;
  readonly expected: string;
  readonly count: number;
  readonly examples: Finding[];
}

export interface Tally {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byRoute: Record<string, Record<string, number>>;
  readonly byFamily: Record<string, Record<string, number>>;
  readonly serverErrors: number;
  readonly serverErrorExamples: Finding[];
  readonly unexpected: UnexpectedGroup[];
  readonly badErrorBodies: { count: number; examples: (Finding & { problem: string })[] };
  readonly slowest: Finding[];
}

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

function statusLabel(outcome: Outcome): string {
  return outcome.streamError === undefined ? String(outcome.status) : `${outcome.status}+stream-error`;
}

function expectedLabel(outcome: Outcome): string {
  const expect = outcome.request.expect;
  if (expect.kind !== "client-error") return expect.kind;
  return expect.statuses === undefined ? "4xx" : expect.statuses.join("|");
}

/** A report line for one outcome. */
export function finding(outcome: Outcome, withBody = true): Finding {
  const request = outcome.request;
  return {
    request: `#${request.index} ${request.method} ${request.path.slice(0, 120)} — ${request.description}`,
    family: request.family,
    route: request.route,
    credential: request.credential,
    status: statusLabel(outcome),
    milliseconds: Math.round(outcome.milliseconds),
    body: withBody ? bodyPreview(request) : "",
    response: outcome.streamError ?? (outcome.error ? outcome.error : outcome.body.slice(0, 600)),
  };
}

/** Tallies the outcomes of a run (and its raw-socket requests, counted under their route). */
export function tally(
  outcomes: readonly Outcome[],
  raw: readonly RawOutcome[],
  privatePaths: readonly string[],
): Tally {
  const byStatus: Record<string, number> = {};
  const byRoute: Record<string, Record<string, number>> = {};
  const byFamily: Record<string, Record<string, number>> = {};
  const groups = new Map<string, UnexpectedGroup & { examples: Finding[]; count: number }>();
  const serverErrorExamples: Finding[] = [];
  const badExamples: (Finding & { problem: string })[] = [];
  let serverErrors = 0;
  let badCount = 0;
  const record = (route: string, family: string, status: string) => {
    increment(byStatus, status);
    byRoute[route] ??= {};
    increment(byRoute[route], status);
    byFamily[family] ??= {};
    increment(byFamily[family], status);
  };
  for (const outcome of outcomes) {
    const status = statusLabel(outcome);
    record(outcome.request.route, outcome.request.family, status);
    if (isServerError(outcome)) {
      serverErrors++;
      if (serverErrorExamples.length < 25) serverErrorExamples.push(finding(outcome));
    }
    // Requests that got no answer are listed on their own (report.ts), not here.
    const met =
      typeof outcome.status !== "number" ||
      (outcome.streamError === undefined && meetsExpectation(outcome.status, outcome.request.expect));
    if (!met) {
      const key = `${outcome.request.family}|${outcome.request.route}|${status}`;
      const group = groups.get(key) ?? {
        family: outcome.request.family,
        route: outcome.request.route,
        status,
        expected: expectedLabel(outcome),
        count: 0,
        examples: [],
      };
      group.count++;
      if (group.examples.length < 3) group.examples.push(finding(outcome, group.examples.length === 0));
      groups.set(key, group);
    }
    if (typeof outcome.status === "number" && outcome.status >= 400 && outcome.request.method !== "HEAD") {
      const problem = errorBodyProblem(outcome.body, privatePaths);
      if (problem !== undefined) {
        badCount++;
        if (badExamples.length < 10) badExamples.push({ ...finding(outcome), problem });
      }
    }
  }
  for (const outcome of raw) {
    const status = String(outcome.status);
    record(outcome.request.route, "raw-socket", status);
    const failed = typeof outcome.status === "number" && outcome.status >= 500;
    if (failed) serverErrors++;
    const met =
      typeof outcome.status === "number"
        ? meetsExpectation(outcome.status, outcome.request.expect)
        : outcome.request.expect.kind === "any";
    if (failed || !met) {
      const entry: Finding = {
        request: `raw: ${outcome.request.description}`,
        family: "raw-socket",
        route: outcome.request.route,
        credential: "full",
        status,
        milliseconds: Math.round(outcome.milliseconds),
        body: "",
        response: outcome.response.slice(0, 300),
      };
      if (failed) serverErrorExamples.push(entry);
      const key = `raw-socket|${outcome.request.description}|${status}`;
      groups.set(key, {
        family: "raw-socket",
        route: outcome.request.route,
        status,
        expected: outcome.request.expect.kind,
        count: 1,
        examples: [entry],
      });
    }
  }
  const slowest = [...outcomes]
    .sort((left, right) => right.milliseconds - left.milliseconds)
    .slice(0, 12)
    .map((outcome) => ({ ...finding(outcome, false), response: outcome.body.slice(0, 160) }));
  return {
    total: outcomes.length + raw.length,
    byStatus,
    byRoute,
    byFamily,
    serverErrors,
    serverErrorExamples,
    unexpected: [...groups.values()].sort((left, right) => right.count - left.count),
    badErrorBodies: { count: badCount, examples: badExamples },
    slowest,
  };
}
