import { timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import { AskOutcome } from "./ask-outcome.tsx";
import { confidenceText, corpusText, experimentText, latencyText } from "./ask-summary-text.ts";
import type { AskSummary } from "./stored-ask.ts";

/** The stored asks as a table, for a wide screen: each question links to the ask's details and trace. */
export function AskTable(props: { asks: readonly AskSummary[]; caption: string }) {
  return (
    <div class="table-scroll ask-table">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Question</th>
            <th scope="col">Strategy</th>
            <th scope="col">Corpus</th>
            <th scope="col">Answer</th>
            <th scope="col" class="number">
              Confidence
            </th>
            <th scope="col" class="number">
              Retrievals
            </th>
            <th scope="col" class="number">
              Latency
            </th>
          </tr>
        </thead>
        <tbody>
          {props.asks.map((ask) => {
            const experiment = experimentText(ask);
            return (
              <tr key={ask.id}>
                <td class="ask-time">
                  <time dateTime={ask.createdAt}>{timeText(ask.createdAt)}</time>
                </td>
                <th scope="row" class="ask-question">
                  <a href={routeHref("history", ask.id)} data-ask={ask.id}>
                    {ask.question}
                  </a>
                </th>
                <td>
                  <span class="ask-strategy">{ask.strategy}</span>
                  {experiment && <span class="block muted small wrap-anywhere">{experiment}</span>}
                </td>
                <td class={ask.corpus === null ? "muted wrap-anywhere" : "wrap-anywhere"}>{corpusText(ask)}</td>
                <td class="wrap-anywhere">
                  <AskOutcome ask={ask} />
                </td>
                <td class="number">{confidenceText(ask)}</td>
                <td class="number">{ask.retrievals}</td>
                <td class="number ask-latency">{latencyText(ask.latencyMs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
