import { AskForm } from "../ask/ask-form.tsx";
import { askAnnouncement } from "../ask/ask-progress.ts";
import { AskRunPanel } from "../ask/ask-run-panel.tsx";
import { type AskRun, useAskRun } from "../ask/use-ask-run.ts";

/** What tells side-by-side runs apart to a screen reader: their strategies (and which is which when they are one). */
function runNames(runs: readonly AskRun[]): (string | undefined)[] {
  if (runs.length < 2) return runs.map(() => undefined);
  const strategies = runs.map((run) => run.request?.strategy ?? "strategy");
  const alike = new Set(strategies).size < strategies.length;
  return strategies.map((strategy, index) => (alike ? `${strategy} (${index === 0 ? "first" : "second"})` : strategy));
}

/**
 * Ask a question and watch the loop think: the draft, each step's candidates and the gate, each retrieval, then the
 * answer; with two strategies side by side on one question. A live region per run announces its phases and answer.
 */
export function AskView() {
  const first = useAskRun();
  const second = useAskRun();
  const slots = [first.run, second.run];
  const runs = slots.filter((run) => run.status !== "idle");
  const running = runs.some((run) => run.status === "running");
  const names = runNames(runs);
  return (
    <section aria-labelledby="ask-title" class="ask-view">
      <h1 id="ask-title" tabIndex={-1}>
        Ask
      </h1>
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
      <div class="visually-hidden">
        {slots.map((run, index) => (
          <p key={index} role="status">
            {askAnnouncement(run)}
          </p>
        ))}
      </div>
      {runs.length > 0 && (
        <div class={runs.length > 1 ? "side-by-side runs" : "runs"}>
          {runs.map((run, index) => (
            <AskRunPanel key={index} run={run} name={names[index]} />
          ))}
        </div>
      )}
    </section>
  );
}
