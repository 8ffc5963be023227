import type { ExperimentStatus } from "./experiment-api.ts";

const tones: Record<ExperimentStatus, string> = { running: "good", paused: "warn", stopped: "bad" };

/** An experiment's status as a coloured word: running, paused or stopped. */
export function StatusBadge(props: { status: ExperimentStatus }) {
  return <span class={`badge ${tones[props.status]}`}>{props.status}</span>;
}
