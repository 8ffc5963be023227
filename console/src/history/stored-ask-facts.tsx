import { numberText } from "../components/number-text.ts";
import { confidenceText, corpusText, experimentText, latencyText } from "./ask-summary-text.ts";
import { Fact } from "./fact.tsx";
import type { StoredAsk } from "./stored-ask.ts";

function calibrationText(ask: StoredAsk): string {
  if (ask.status === "failed" || ask.calibrated === null) return "";
  return ask.calibrated ? " (calibrated)" : " (not calibrated)";
}

/** How a stored ask ran: its strategy, corpus and experiment, its confidence, and what it cost. */
export function StoredAskFacts(props: { ask: StoredAsk }) {
  const { ask } = props;
  const experiment = experimentText(ask);
  return (
    <dl class="facts">
      <Fact name="Strategy">{ask.strategy}</Fact>
      <Fact name="Corpus">{corpusText(ask)}</Fact>
      {experiment && <Fact name="Experiment / variant">{experiment}</Fact>}
      <Fact name="Confidence">
        {confidenceText(ask)}
        {calibrationText(ask)}
      </Fact>
      <Fact name="Model calls">{numberText(ask.modelCalls)}</Fact>
      <Fact name="Tokens">
        {numberText(ask.promptTokens + ask.completionTokens)}{" "}
        <span class="muted">
          ({numberText(ask.promptTokens)} prompt, {numberText(ask.completionTokens)} completion)
        </span>
      </Fact>
      <Fact name="Retrievals">{numberText(ask.retrievals)}</Fact>
      <Fact name="Latency">{latencyText(ask.latencyMs)}</Fact>
    </dl>
  );
}
