import { bundledCalibrations } from "../../src/strategies/bundled-calibrations.ts";

/** Where recall-then-retrieve abstains with the bundled model. */
export const loopThreshold = bundledCalibrations["recall-then-retrieve"].abstainBelow;

/** How the console words that threshold under an abstention: "below the threshold of 50.0%". */
export const belowLoopThreshold = new RegExp(
  `below the threshold of ${(loopThreshold * 100).toFixed(1)}%`.replace(".", "\\."),
);
