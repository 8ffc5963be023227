import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodyProblem } from "../../bench/hostile-input/error-shape.ts";
import type { HostileRequest } from "../../bench/hostile-input/hostile-request.ts";
import { generateHostileRequests } from "../../bench/hostile-input/payloads.ts";
import { isServerError, type Outcome, readOutcome, requestInit } from "../../bench/hostile-input/send.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { worldApp } from "../support/world-app.ts";

/**
 * A few hundred requests of the hostile-input bench (bench/hostile-input.ts), in-process: the cheap families only
 * (invalid, truncated and deeply nested JSON, wrong types, NUL bytes and lone surrogates, SQL and filter injection,
 * path traversal, bodies over the limit, wrong content types and methods), none that runs the language model.
 */
describe("hostile input, in-process", () => {
  let world: Awaited<ReturnType<typeof worldApp>>;
  let outcomes: Outcome[] = [];

  const send = async (request: HostileRequest): Promise<Outcome> => {
    const started = performance.now();
    return readOutcome(request, await world.app.request(request.path, requestInit(request, undefined)), started);
  };

  beforeAll(async () => {
    world = await worldApp();
    const experiment = "hostile-lab";
    const created = await world.app.request("/v1/experiments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: experiment,
        corpus: "world",
        variants: [
          { name: "control", strategy: "always-retrieve" },
          { name: "loop", strategy: "recall-then-retrieve" },
        ],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const requests = generateHostileRequests(
      { count: 300, seed: 7, model: false, heavy: false, huge: true },
      {
        languageModelId: world.languageModel.modelId,
        experiment,
        withKeys: false,
        bodyLimit: world.recall.settings.limits.bodyBytes,
      },
    );
    // Four at a time: each request is cheap, and the machine running the tests is shared.
    let next = 0;
    const worker = async () => {
      while (next < requests.length) outcomes.push(await send(requests[next++] as HostileRequest));
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    outcomes = outcomes.sort((left, right) => left.request.index - right.request.index);
  }, 120_000);
  afterAll(async () => {
    await world?.dispose();
  });

  const describeOutcome = (outcome: Outcome) =>
    `#${outcome.request.index} ${outcome.request.description} → ${outcome.status} ${outcome.streamError ?? outcome.body.slice(0, 300)}`;

  it("answers every request without a server error", () => {
    expect(outcomes).toHaveLength(300);
    expect(outcomes.filter(isServerError).map(describeOutcome)).toEqual([]);
  });

  it("answers every error with { error: { code, message, type } }, no stack trace and no server path", () => {
    const problems = outcomes
      .filter(
        (outcome) => typeof outcome.status === "number" && outcome.status >= 400 && outcome.request.method !== "HEAD",
      )
      .flatMap((outcome) => {
        const problem = errorBodyProblem(outcome.body, [projectRoot, world.workspace.home]);
        return problem === undefined ? [] : [`${describeOutcome(outcome)}: ${problem}`];
      });
    expect(problems).toEqual([]);
  });

  it("refuses bodies over the limit with 413", () => {
    const over = outcomes.filter(
      (outcome) => outcome.request.expect.kind === "client-error" && outcome.request.expect.statuses?.join() === "413",
    );
    expect(over.length).toBeGreaterThan(0);
    expect(over.filter((outcome) => outcome.status !== 413).map(describeOutcome)).toEqual([]);
  });

  it("still answers /healthz and a search afterwards", async () => {
    expect((await world.app.request("/healthz")).status).toBe(200);
    const search = await world.app.request("/v1/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "Where was Treisnos Bemtond born?", corpus: "world", k: 3 }),
    });
    expect(search.status).toBe(200);
    expect(((await search.json()) as { passages: unknown[] }).passages.length).toBeGreaterThan(0);
  });
});
