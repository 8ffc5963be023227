import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateOptions, GenerateResult, LanguageModel } from "../../src/models/language-model.ts";
import { ModelCallAbortedError } from "../../src/models/model-errors.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { httpApp } from "../support/http-app.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

/**
 * A language model double that never finishes a generation on its own: it waits until its call is aborted, and
 * records that it saw the abort (the deadline must reach the model, not only the response).
 */
class StalledLanguageModelDouble implements LanguageModel {
  readonly aborted: string[] = [];
  constructor(private readonly real: LanguageModel) {}
  get modelId(): string {
    return this.real.modelId;
  }
  get contextLength(): number {
    return this.real.contextLength;
  }
  countTokens(text: string): Promise<number> {
    return this.real.countTokens(text);
  }
  generate(options: GenerateOptions): Promise<GenerateResult> {
    return new Promise((_resolve, reject) => {
      const abort = () => {
        this.aborted.push(options.prompt.slice(0, 20));
        reject(new ModelCallAbortedError(this.modelId));
      };
      // On a busy machine the deadline may pass before the strategy reaches its first generation.
      if (options.abortSignal?.aborted) abort();
      else options.abortSignal?.addEventListener("abort", abort, { once: true });
    });
  }
  stream(): AsyncIterable<never> {
    throw new Error("StalledLanguageModelDouble.stream was not expected");
  }
  score(): never {
    throw new Error("StalledLanguageModelDouble.score was not expected");
  }
}

describe("the request deadline (server.requestTimeoutMs)", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let stalled: StalledLanguageModelDouble;
  let app: ReturnType<typeof httpApp>["app"];
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    stalled = new StalledLanguageModelDouble(await loadTinyLanguageModel());
    app = httpApp({
      db: workspace.db,
      store: workspace.store,
      languageModel: stalled,
      embeddingModel: await loadTinyEmbeddingModel(),
      server: { requestTimeoutMs: 300 },
    }).app;
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  it("aborts the model's work past the deadline and answers 504 deadline_exceeded", async () => {
    const response = await app.request("/v1/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "Where was Treisnos Bemtond born?", strategy: "closed-book" }),
    });
    expect(response.status).toBe(504);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("deadline_exceeded");
    expect(body.error.message).toContain("server.requestTimeoutMs");
    expect(stalled.aborted.length).toBeGreaterThan(0);
  });

  it("is refused when it is not a whole number of milliseconds", async () => {
    const { deadline } = await import("../../src/server/middleware/deadline.ts");
    expect(() => deadline(-1)).toThrow(RangeError);
  });
});
