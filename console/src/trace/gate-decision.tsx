import type { TraceEventOf } from "./trace-event.ts";

type Decision = TraceEventOf<"step-reward">["decision"];

const decisions: Record<Decision, { label: string; tone: string; meaning: string }> = {
  accept: { label: "accept", tone: "good", meaning: "the step is trusted as recalled" },
  retrieve: { label: "retrieve", tone: "warn", meaning: "the step is not trusted: fetch passages and sample again" },
  "accept-after-retrieval": {
    label: "accept after retrieval",
    tone: "good",
    meaning: "the step is taken from the samples written with passages",
  },
};

/** What the console says of a decision; a decision it does not know (a newer server's) as the server wrote it. */
function described(decision: unknown): { label: string; tone: string; meaning: string | undefined } {
  if (typeof decision === "string" && Object.hasOwn(decisions, decision)) return decisions[decision as Decision];
  return { label: String(decision), tone: "plain", meaning: undefined };
}

/** Why the gate decided, where the trace says (older traces do not). */
function reasonOf(event: TraceEventOf<"step-reward">): string | undefined {
  return "reason" in event && typeof event.reason === "string" && event.reason !== "" ? event.reason : undefined;
}

/** The retrieval gate's decision for a step, and its reason. */
export function GateDecision(props: { event: TraceEventOf<"step-reward"> }) {
  const decision = described(props.event.decision);
  const reason = reasonOf(props.event);
  return (
    <p class="gate">
      Gate: <span class={`badge ${decision.tone}`}>{decision.label}</span>
      {decision.meaning && <span> {decision.meaning}.</span>}
      {reason && (
        <>
          {" "}
          <span class="gate-reason">Reason: {reason}</span>
        </>
      )}
    </p>
  );
}
