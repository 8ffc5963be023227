import { describe, expect, it } from "vitest";
import { acceptedAfterRetrievalReason, retrievalGate } from "../../src/reasoning/retrieval-gate.ts";

const gate = { retrieveBelow: 0.5, agreementBelow: 0.51 };
const candidate = (reward: number, consistency?: number) => ({
  reward,
  parts: { confidence: reward, ...(consistency === undefined ? {} : { consistency }) },
});

describe("the retrieval gate", () => {
  it("passes a step whose best candidate clears the reward gate and most candidates agree with", () => {
    expect(retrievalGate(candidate(0.83, 0.8), 5, gate)).toEqual({
      weak: false,
      reason: "best reward 0.83 clears the gate 0.50 and 4 of 5 candidates agree with it",
    });
  });

  it("retrieves for a step whose best reward is under the gate, saying so with the numbers", () => {
    expect(retrievalGate(candidate(0.41, 0.8), 5, gate)).toEqual({
      weak: true,
      reason: "best reward 0.41 is under the gate 0.50 (4 of 5 candidates agree with it)",
    });
  });

  it("retrieves for a step whose candidates disagree, naming how many agree and how many it needs", () => {
    expect(retrievalGate(candidate(0.83, 0.4), 5, gate)).toEqual({
      weak: true,
      reason: "only 2 of 5 candidates agree with the best (3 needed), though its reward 0.83 clears the gate 0.50",
    });
    expect(retrievalGate(candidate(0.3, 0.25), 4, gate).reason).toBe(
      "best reward 0.30 is under the gate 0.50, and only 1 of 4 candidates agrees with it (3 needed)",
    );
  });

  it("shows more digits where two would make a reward read as equal to the gate", () => {
    expect(retrievalGate(candidate(0.498, 1), 2, gate).reason).toBe(
      "best reward 0.498 is under the gate 0.500 (2 of 2 candidates agree with it)",
    );
    expect(retrievalGate(candidate(0.5, 1), 2, gate)).toMatchObject({ weak: false });
  });

  it("checks no agreement for a single candidate", () => {
    expect(retrievalGate(candidate(0.9), 1, gate)).toEqual({
      weak: false,
      reason: "best reward 0.90 clears the gate 0.50 (one candidate: no agreement to check)",
    });
  });

  it("says why a re-sampled step is accepted whatever its score", () => {
    expect(acceptedAfterRetrievalReason(candidate(0.42, 0.6), 5, 3)).toBe(
      "re-sampled with 3 passages in the prompt: best reward 0.42 and 3 of 5 candidates agree with it; a step retrieves once, so it is accepted",
    );
  });
});
