import { AskForm } from "../ask/ask-form.tsx";
import { askProgress } from "../ask/ask-progress.ts";
import { AskRunPanel } from "../ask/ask-run-panel.tsx";
import { useAskRun } from "../ask/use-ask-run.ts";

/**
 * Ask a question and watch the loop think: the draft, each step's candidates and the gate, each retrieval, then the
 * answer; with two strategies side by side on one question. A live region announces progress and the answers.
 */
export function AskView() {
  const first = useAskRun();
  const second = useAskRun();
  const runs = [first.run, second.run].filter((run) => run.status !== "idle");
  const running = runs.some((run) => run.status === "running");
  return (
    <section aria-labelledby="ask-title" class="ask-view">
      <h1 id="ask-title">Ask</h1>
      <AskForm
        running={running}
        onAsk={([request, comparison]) => {
          if (request) void first.start(request);
          if (comparison) void second.start(comparison);
          else second.clear();
        }}
        onCancel={() => {
          first.cancel();
          second.cancel();
        }}
      />
      <p role="status" class="visually-hidden">
        {runs.map(askProgress).join(" ")}
      </p>
      {runs.length > 0 && (
        <div class={runs.length > 1 ? "side-by-side runs" : "runs"}>
          {runs.map((run, index) => (
            <AskRunPanel key={index} run={run} />
          ))}
        </div>
      )}
    </section>
  );
}
