import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import { type Experiment, experimentPath } from "./experiment-api.ts";

type FinalAction = "stop" | "delete";

/** Where the focus goes once a control it was on is gone or changed. */
type FocusTarget = "toggle" | "confirm" | "stop" | "delete" | "status";

const said = {
  pause: "Paused: asks through it now go to the control, outside the experiment.",
  resume: "Resumed: asks are assigned to the variants again.",
  stop: "Stopped: its results are final.",
} as const;

const warnings: Record<FinalAction, string> = {
  stop: "Stopping is final: the experiment cannot be resumed, and its results stay as they are.",
  delete: "Deleting removes the experiment; the asks it recorded stay stored.",
};

/**
 * Pause, resume, stop and delete; stopping and deleting are asked again, since neither can be undone. When the
 * control the focus was on goes away (Pause becomes Resume, the confirmation opens or closes, Stop leaves nothing to
 * stop), the focus moves to what replaces it: the new button, the confirming one, or the status line.
 */
export function ExperimentControls(props: { experiment: Experiment; onChanged: () => void; onDeleted: () => void }) {
  const { experiment } = props;
  const [confirming, setConfirming] = useState<FinalAction | undefined>(undefined);
  const [message, setMessage] = useState("");
  const [error, setError] = useFailure();
  const [busy, setBusy] = useState(false);
  const controls = useRef<HTMLDivElement>(null);
  const targets = {
    toggle: useRef<HTMLButtonElement>(null),
    confirm: useRef<HTMLButtonElement>(null),
    stop: useRef<HTMLButtonElement>(null),
    delete: useRef<HTMLButtonElement>(null),
    status: useRef<HTMLParagraphElement>(null),
  } satisfies Record<FocusTarget, unknown>;
  const focusNext = useRef<FocusTarget | undefined>(undefined);

  /** Asks for the focus to move to `target` once it is shown, if the person is still on the controls by then. */
  const moveFocus = (target: FocusTarget) => {
    focusNext.current = target;
  };

  // After every render: the target may only just have appeared, or been enabled again.
  useEffect(() => {
    const wanted = focusNext.current;
    if (wanted === undefined) return;
    const element = targets[wanted].current;
    if (element === null || (element instanceof HTMLButtonElement && element.disabled)) return;
    focusNext.current = undefined;
    const focused = document.activeElement;
    const onControls = focused === null || focused === document.body || controls.current?.contains(focused);
    if (onControls || !focused.isConnected) element.focus();
  });

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
      moveFocus(action === "stop" ? "status" : "toggle");
      props.onChanged();
    } catch (failure) {
      setError(failure);
      moveFocus(action === "pause" || action === "resume" ? "toggle" : action);
    }
    setBusy(false);
  };

  const open = (action: FinalAction) => {
    setConfirming(action);
    moveFocus("confirm");
  };

  return (
    <div class="experiment-controls" ref={controls}>
      <div class="actions">
        {experiment.status !== "stopped" && (
          // One button that changes its word, so that the focus stays on it from Pause to Resume.
          <button
            type="button"
            ref={targets.toggle}
            disabled={busy}
            onClick={() => void act(experiment.status === "running" ? "pause" : "resume")}
          >
            {experiment.status === "running" ? "Pause" : "Resume"}
          </button>
        )}
        {experiment.status !== "stopped" && (
          <button type="button" class="secondary" ref={targets.stop} disabled={busy} onClick={() => open("stop")}>
            Stop…
          </button>
        )}
        <button
          type="button"
          class="secondary danger"
          ref={targets.delete}
          disabled={busy}
          onClick={() => open("delete")}
        >
          Delete…
        </button>
      </div>
      {confirming && (
        <fieldset class="group confirm">
          <legend>{warnings[confirming]}</legend>
          <div class="actions">
            <button type="button" class="danger" ref={targets.confirm} onClick={() => void act(confirming)}>
              {confirming === "stop" ? "Stop the experiment" : "Delete the experiment"}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setConfirming(undefined);
                moveFocus(confirming);
              }}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      <p role="status" aria-live="polite" class="muted" tabIndex={-1} ref={targets.status}>
        {message}
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}
