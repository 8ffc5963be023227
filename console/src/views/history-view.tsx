/** Stored asks, filtered; any one's trace opens in the Ask view's trace. */
export function HistoryView(_props: { detail: string | undefined }) {
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">History</h1>
    </section>
  );
}
