import { byteText, plural } from "../components/number-text.ts";

/**
 * What a screen reader hears of an upload's sending: its start, each quarter sent, and its end; not each progress
 * event, which comes many times a second.
 */
function announcement(sent: number, total: number, files: number): string {
  const quarters = total === 0 ? 4 : Math.floor((sent / total) * 4);
  if (quarters >= 4) return `Sent ${plural(files, "file")}; the server is taking ${files === 1 ? "it" : "them"}.`;
  if (quarters === 0) return `Sending ${plural(files, "file")} (${byteText(total)})…`;
  return `${quarters * 25}% sent…`;
}

/** The bytes of an upload sent so far, before the server answers with its job. */
export function SendProgress(props: { sent: number; total: number; files: number }) {
  return (
    <div class="upload-progress">
      <label>
        Upload progress
        <progress max={Math.max(props.total, 1)} value={props.sent} />
      </label>
      <p aria-hidden="true">
        Sending {plural(props.files, "file")}: {byteText(props.sent)} of {byteText(props.total)}.
      </p>
      <p role="status" class="visually-hidden">
        {announcement(props.sent, props.total, props.files)}
      </p>
    </div>
  );
}
