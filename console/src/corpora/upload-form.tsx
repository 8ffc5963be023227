import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import { corpusPath, type IndexJob, type JobResponse } from "./corpus-api.ts";
import { JobProgress } from "./job-progress.tsx";
import { SendProgress } from "./send-progress.tsx";

type Upload =
  | { readonly phase: "idle" }
  | { readonly phase: "sending"; readonly sent: number; readonly total: number; readonly files: number }
  | { readonly phase: "indexing"; readonly job: IndexJob }
  | { readonly phase: "cancelled" }
  | { readonly phase: "refused" };

const readableTypes = ".md, .markdown, .txt, .html, .htm, .pdf, .jsonl or .json";

/**
 * Uploads files into a corpus (multipart, each under `file`): the bytes sent, then the job's progress until it is
 * done; `onIndexed` once it is, so that the documents and failures are read again. Sending can be cancelled, and
 * leaving the corpus cancels it too.
 */
export function UploadForm(props: { corpus: string; onIndexed: (job: IndexJob) => void }) {
  const [files, setFiles] = useState<readonly File[]>([]);
  const [upload, setUpload] = useState<Upload>({ phase: "idle" });
  const [refusal, setRefusal] = useFailure();
  const [inputKey, setInputKey] = useState(0);
  const sending = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => sending.current?.abort(), []);
  // Cancel goes as the upload ends: the focus moves from it to Upload, to send again.
  const uploadButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (!cancelled.current || upload.phase === "sending") return;
    cancelled.current = false;
    uploadButton.current?.focus();
  }, [upload.phase]);

  const send = async () => {
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const controller = new AbortController();
    sending.current = controller;
    setUpload({ phase: "sending", sent: 0, total, files: files.length });
    setRefusal(undefined);
    try {
      const response = await api.upload<JobResponse>(corpusPath(props.corpus, "/documents"), form, {
        onProgress: (fraction) =>
          setUpload({ phase: "sending", sent: Math.round(fraction * total), total, files: files.length }),
        signal: controller.signal,
      });
      setUpload({ phase: "indexing", job: response.job });
      setFiles([]);
      setInputKey((key) => key + 1);
    } catch (error) {
      if (controller.signal.aborted) setUpload({ phase: "cancelled" });
      else {
        setUpload({ phase: "refused" });
        setRefusal(error);
      }
    } finally {
      if (sending.current === controller) sending.current = undefined;
    }
  };
  return (
    <form
      class="panel"
      aria-labelledby="upload-title"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h2 id="upload-title">Upload documents</h2>
      <label>
        Files
        <input
          key={inputKey}
          type="file"
          multiple
          required
          aria-describedby="upload-hint"
          onChange={(event) => setFiles([...(event.currentTarget.files ?? [])])}
        />
      </label>
      <p id="upload-hint" class="hint">
        Files of type {readableTypes}; indexed in the background, and an unchanged document is skipped.
      </p>
      <div class="actions">
        <button type="submit" ref={uploadButton} disabled={files.length === 0 || upload.phase === "sending"}>
          Upload
        </button>
        {upload.phase === "sending" && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              cancelled.current = true;
              sending.current?.abort();
            }}
          >
            Cancel
          </button>
        )}
      </div>
      {upload.phase === "sending" && <SendProgress sent={upload.sent} total={upload.total} files={upload.files} />}
      {upload.phase === "indexing" && <JobProgress key={upload.job.id} job={upload.job} onFinished={props.onIndexed} />}
      {upload.phase === "cancelled" && (
        <p role="status" class="muted">
          Upload cancelled: nothing was sent to be indexed.
        </p>
      )}
      {upload.phase === "refused" && <ErrorMessage error={refusal} />}
    </form>
  );
}
