import { plural } from "../components/number-text.ts";
import type { CorpusSummary } from "./corpus-api.ts";

/** A corpus's counts and embedding model in a line; nothing until the corpus list is read. */
export function CorpusFacts(props: { corpus: CorpusSummary | undefined }) {
  const { corpus } = props;
  if (!corpus) return null;
  return (
    <p class="muted">
      {plural(corpus.documents, "indexed document")}, {plural(corpus.chunks, "chunk")} · embedding model{" "}
      <span class="wrap-anywhere">{corpus.model}</span> ({corpus.dimensions} dimensions)
    </p>
  );
}
