import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import { type Experiment, experimentPath } from "./experiment-api.ts";

type FinalAction = "stop" | "delete";

const said = {
  pause: "Paused: asks through it now go to the control, outside the experiment.",
  resume: "Resumed: asks are assigned to the variants again.",
  stop: "Stopped: its results are final.",
} as const;

const warnings: Record<FinalAction, string> = {
  stop: "Stopping is final: the experiment cannot be resumed, and its results stay as they are.",
  delete: "Deleting removes the experiment; the asks it recorded stay stored.",
};

/** Pause, resume, stop and delete; stopping and deleting are asked again, since neither can be undone. */
export function ExperimentControls(props: { experiment: Experiment; onChanged: () => void; onDeleted: () => void }) {
  const { experiment } = props;
  const [confirming, setConfirming] = useState<FinalAction | undefined>(undefined);
  const [message, setMessage] = useState("");
  const [error, setError] = useFailure();
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const act = async (action: keyof typeof said | "delete") => {
    setBusy(true);
    setError(undefined);
    setConfirming(undefined);
    try {
      if (action === "delete") {
        await api.delete(experimentPath(experiment.name));
        props.onDeleted();
        return;
      }
      await api.post(experimentPath(experiment.name, `/${action}`));
      setMessage(said[action]);
      props.onChanged();
    } catch (failure) {
      setError(failure);
    }
    setBusy(false);
  };

  return (
    <div class="experiment-controls">
      <div class="actions">
        {experiment.status === "running" && (
          <button type="button" disabled={busy} onClick={() => void act("pause")}>
            Pause
          </button>
        )}
        {experiment.status === "paused" && (
          <button type="button" disabled={busy} onClick={() => void act("resume")}>
            Resume
          </button>
        )}
        {experiment.status !== "stopped" && (
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming("stop")}>
            Stop…
          </button>
        )}
        <button type="button" class="secondary danger" disabled={busy} onClick={() => setConfirming("delete")}>
          Delete…
        </button>
      </div>
      {confirming && (
        <fieldset class="group confirm">
          <legend>{warnings[confirming]}</legend>
          <div class="actions">
            <button type="button" class="danger" ref={confirmButton} onClick={() => void act(confirming)}>
              {confirming === "stop" ? "Stop the experiment" : "Delete the experiment"}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      <p role="status" aria-live="polite" class="muted">
        {message}
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}
