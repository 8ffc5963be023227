import type { AskSummary } from "./stored-ask.ts";

/** What an ask came to, in a word where it gave no answer: its answer, "abstained", or "failed" with the error. */
export function AskOutcome(props: { ask: AskSummary }) {
  const { ask } = props;
  if (ask.status === "failed")
    return (
      <span class="ask-outcome">
        <span class="badge bad">failed</span> <code>{ask.error ?? "unknown error"}</code>
      </span>
    );
  if (ask.abstained) return <span class="badge warn">abstained</span>;
  return <span class="ask-outcome">{ask.answer}</span>;
}
