/** Ask a question and watch the loop think. */
export function AskView() {
  return (
    <section aria-labelledby="ask-title">
      <h1 id="ask-title">Ask</h1>
    </section>
  );
}
