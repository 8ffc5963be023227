import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAsk } from "../../src/db/ask-records.ts";
import { worldServer } from "../support/world-app.ts";

describe("experiments and feedback over HTTP", () => {
  let world: Awaited<ReturnType<typeof worldServer>>;
  beforeAll(async () => {
    world = await worldServer();
  }, 120_000);
  afterAll(async () => {
    await world.dispose();
  });

  /** Over a real socket, as clients call it. */
  const post = (path: string, body: unknown) =>
    fetch(`${world.server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const get = (path: string) => fetch(`${world.server.url}${path}`);
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error;

  const definition = {
    name: "loop-vs-rag",
    description: "recall-then-retrieve against always-retrieve",
    corpus: "world",
    variants: [
      { name: "control", strategy: "always-retrieve" },
      { name: "loop", strategy: "recall-then-retrieve", params: { samples: 2 }, weight: 1 },
    ],
  };

  it("creates an experiment, refuses a second of the same name, and lists it", async () => {
    const created = await post("/v1/experiments", definition);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "loop-vs-rag", status: "running" });
    const again = await post("/v1/experiments", definition);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("experiment_exists");
    const listed = (await (await get("/v1/experiments")).json()) as { experiments: { name: string }[] };
    expect(listed.experiments.map((experiment) => experiment.name)).toContain("loop-vs-rag");
    const models = (await (await get("/v1/models")).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toContain("experiment:loop-vs-rag");
  });

  it.each([
    [{ ...definition, name: "one", variants: [definition.variants[0]] }, "variants"],
    [{ ...definition, name: "bad params", variants: definition.variants }, "name"],
    [
      {
        ...definition,
        name: "bad-params",
        variants: [
          { name: "a", strategy: "flare", params: { maxSteps: 0 } },
          { name: "b", strategy: "hyde" },
        ],
      },
      "maxSteps",
    ],
    [
      {
        ...definition,
        name: "twins",
        variants: [
          { name: "a", strategy: "hyde" },
          { name: "a", strategy: "ircot" },
        ],
      },
      "variant names must differ",
    ],
  ])("rejects a malformed experiment with 400 (%#)", async (body, mention) => {
    const response = await post("/v1/experiments", body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain(mention);
  });

  it("assigns each user a sticky variant, records it with the ask, and takes feedback on it", async () => {
    const seen = new Map<string, string>();
    const users = ["ana", ...Array.from({ length: 19 }, (_, index) => `user-${index}`)];
    for (const user of users) {
      const response = await post("/v1/ask", {
        question: "Where was Treisnos Bemtond born?",
        experiment: "loop-vs-rag",
        user,
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { id: string; strategy: string; experiment: { variant: string } };
      seen.set(user, body.experiment.variant);
      expect(body.strategy).toBe(body.experiment.variant === "control" ? "always-retrieve" : "recall-then-retrieve");
      expect(await findAsk(world.workspace.db, body.id)).toMatchObject({
        experiment: "loop-vs-rag",
        variant: body.experiment.variant,
        subjectKey: user,
      });
      const feedback = await post("/v1/feedback", { askId: body.id, score: 1, correct: true, comment: "thanks" });
      expect(feedback.status).toBe(201);
    }
    const again = (await (await post("/v1/ask", { question: "x", experiment: "loop-vs-rag", user: "ana" })).json()) as {
      experiment: { variant: string };
    };
    expect(again.experiment.variant).toBe(seen.get("ana"));

    const results = (await (await get("/v1/experiments/loop-vs-rag/results")).json()) as {
      variants: { variant: string; asks: number; feedback: { count: number; mean: { estimate: number } | null } }[];
      verdict: string;
    };
    expect(results.variants.map((variant) => variant.variant)).toEqual(["control", "loop"]);
    expect(results.variants.reduce((sum, variant) => sum + variant.asks, 0)).toBe(users.length + 1);
    expect(results.variants.reduce((sum, variant) => sum + variant.feedback.count, 0)).toBe(users.length);
    expect(new Set(seen.values())).toEqual(new Set(["control", "loop"]));
    for (const variant of results.variants)
      if (variant.feedback.count > 0) expect(variant.feedback.mean?.estimate).toBe(1);
    expect(results.verdict).toMatch(/^Not enough data yet/);
  });

  it("assigns chat completions through the model id experiment:NAME and the user field", async () => {
    const response = await post("/v1/chat/completions", {
      model: "experiment:loop-vs-rag",
      user: "chat-user-1",
      messages: [{ role: "user", content: "Where was Treisnos Bemtond born?" }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { recall: { ask_id: string; strategy: string } };
    const stored = await findAsk(world.workspace.db, body.recall.ask_id);
    expect(stored).toMatchObject({
      experiment: "loop-vs-rag",
      subjectKey: "chat-user-1",
      strategy: body.recall.strategy,
    });
    expect(["control", "loop"]).toContain(stored?.variant);
  });

  it("needs a user key while it runs; paused, it sends every ask to its control, recorded outside it", async () => {
    const anonymous = await post("/v1/ask", { question: "x", experiment: "loop-vs-rag" });
    expect(anonymous.status).toBe(400);
    expect((await errorOf(anonymous)).code).toBe("missing_user");
    expect((await post("/v1/experiments/loop-vs-rag/pause", {})).status).toBe(200);
    for (const user of ["ana", "ben", "cyd", undefined]) {
      const paused = await post("/v1/ask", {
        question: "Where was Treisnos Bemtond born?",
        experiment: "loop-vs-rag",
        user,
      });
      expect(paused.status).toBe(200);
      const body = (await paused.json()) as { id: string; strategy: string; experiment: unknown };
      expect(body).toMatchObject({ strategy: "always-retrieve", experiment: null });
      expect(await findAsk(world.workspace.db, body.id)).toMatchObject({ experiment: null, variant: null });
    }
    expect((await post("/v1/experiments/loop-vs-rag/resume", {})).status).toBe(200);
    expect((await post("/v1/experiments/loop-vs-rag/stop", {})).status).toBe(200);
    const resumed = await post("/v1/experiments/loop-vs-rag/resume", {});
    expect(resumed.status).toBe(409);
    expect((await errorOf(resumed)).code).toBe("experiment_stopped");
    expect((await post("/v1/experiments/nope/pause", {})).status).toBe(404);
  });

  it("deletes an experiment: it is gone, its asks stay recorded, and a second delete is a 404", async () => {
    const remove = (name: string) => fetch(`${world.server.url}/v1/experiments/${name}`, { method: "DELETE" });
    const created = await post("/v1/experiments", { ...definition, name: "doomed" });
    expect(created.status).toBe(201);
    const asked = await post("/v1/ask", {
      question: "Where was Treisnos Bemtond born?",
      experiment: "doomed",
      user: "ana",
    });
    expect(asked.status).toBe(200);
    const { id } = (await asked.json()) as { id: string };

    const deleted = await remove("doomed");
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    const listed = (await (await get("/v1/experiments")).json()) as { experiments: { name: string }[] };
    expect(listed.experiments.map((experiment) => experiment.name)).not.toContain("doomed");
    expect(listed.experiments.map((experiment) => experiment.name)).toContain("loop-vs-rag");
    const read = await get("/v1/experiments/doomed");
    expect(read.status).toBe(404);
    expect((await errorOf(read)).code).toBe("experiment_not_found");
    expect(await findAsk(world.workspace.db, id)).toMatchObject({ experiment: "doomed", subjectKey: "ana" });

    const again = await remove("doomed");
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("experiment_not_found");
  });

  it("rejects feedback on an unknown ask, and feedback that says nothing", async () => {
    const unknown = await post("/v1/feedback", { askId: "no-such-ask", score: 0.5 });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("ask_not_found");
    const empty = await post("/v1/feedback", { askId: "no-such-ask" });
    expect(empty.status).toBe(400);
    const outOfRange = await post("/v1/feedback", { askId: "x", score: 5 });
    expect((await errorOf(outOfRange)).message).toContain('"score"');
  });
});
