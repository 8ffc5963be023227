import { byteText } from "../components/number-text.ts";

/** The bytes of an upload sent so far, before the server answers with its job. */
export function SendProgress(props: { sent: number; total: number; files: number }) {
  return (
    <div class="upload-progress">
      <label>
        Upload progress
        <progress max={Math.max(props.total, 1)} value={props.sent} />
      </label>
      <p role="status" aria-live="polite">
        Sending {props.files === 1 ? "1 file" : `${props.files} files`}: {byteText(props.sent)} of{" "}
        {byteText(props.total)}.
      </p>
    </div>
  );
}
