import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import { routeHref } from "../routing.ts";

/** The optional number of a field: undefined when it is left empty. */
function optionalNumber(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/** Creates an empty corpus (POST /v1/corpora), with its chunking if not the defaults, and opens it to upload into. */
export function CreateCorpusForm() {
  const [name, setName] = useState("");
  const [chunkSize, setChunkSize] = useState("");
  const [overlap, setOverlap] = useState("");
  const [error, setError] = useFailure();
  const [creating, setCreating] = useState(false);
  return (
    <form
      class="panel"
      aria-labelledby="create-corpus-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setCreating(true);
        setError(undefined);
        try {
          // Fields left empty are undefined, which JSON leaves out: the server's defaults apply.
          await api.post("/v1/corpora", {
            name,
            chunkSize: optionalNumber(chunkSize),
            overlap: optionalNumber(overlap),
          });
          location.hash = routeHref("corpora", name);
        } catch (failure) {
          setError(failure);
          setCreating(false);
        }
      }}
    >
      <h2 id="create-corpus-title">Create a corpus</h2>
      <p class="muted">An empty corpus, indexed with the server's embedding model; upload documents into it next.</p>
      <div class="form-grid">
        <label>
          Name
          <input
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,63}"
            title="1 to 64 letters, digits, _ or -, starting with a letter or digit"
            aria-describedby="corpus-name-hint"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <span id="corpus-name-hint" class="hint">
            Letters, digits, _ and -
          </span>
        </label>
        <label>
          Chunk size (tokens)
          <input
            type="number"
            min={8}
            max={8192}
            placeholder="default"
            value={chunkSize}
            onInput={(event) => setChunkSize(event.currentTarget.value)}
          />
        </label>
        <label>
          Overlap (tokens)
          <input
            type="number"
            min={0}
            placeholder="default"
            value={overlap}
            onInput={(event) => setOverlap(event.currentTarget.value)}
          />
        </label>
      </div>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" disabled={creating}>
          {creating ? "Creating…" : "Create corpus"}
        </button>
      </div>
    </form>
  );
}
