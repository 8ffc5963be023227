import { useState } from "preact/hooks";
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
  | { readonly phase: "refused" };

const readableTypes = ".md, .markdown, .txt, .html, .htm, .pdf or .jsonl";

/**
 * Uploads files into a corpus (multipart, each under `file`): the bytes sent, then the job's progress until it is
 * done; `onIndexed` once it is, so that the documents and failures are read again.
 */
export function UploadForm(props: { corpus: string; onIndexed: (job: IndexJob) => void }) {
  const [files, setFiles] = useState<readonly File[]>([]);
  const [upload, setUpload] = useState<Upload>({ phase: "idle" });
  const [refusal, setRefusal] = useFailure();
  const [inputKey, setInputKey] = useState(0);
  const send = async () => {
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    setUpload({ phase: "sending", sent: 0, total, files: files.length });
    setRefusal(undefined);
    try {
      const response = await api.upload<JobResponse>(corpusPath(props.corpus, "/documents"), form, (fraction) =>
        setUpload({ phase: "sending", sent: Math.round(fraction * total), total, files: files.length }),
      );
      setUpload({ phase: "indexing", job: response.job });
      setFiles([]);
      setInputKey((key) => key + 1);
    } catch (error) {
      setUpload({ phase: "refused" });
      setRefusal(error);
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
        <button type="submit" disabled={files.length === 0 || upload.phase === "sending"}>
          Upload
        </button>
      </div>
      {upload.phase === "sending" && <SendProgress sent={upload.sent} total={upload.total} files={upload.files} />}
      {upload.phase === "indexing" && <JobProgress key={upload.job.id} job={upload.job} onFinished={props.onIndexed} />}
      {upload.phase === "refused" && <ErrorMessage error={refusal} />}
    </form>
  );
}
