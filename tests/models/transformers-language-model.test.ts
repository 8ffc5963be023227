import { loadTinyLanguageModel } from "../support/bundled.ts";
import { describeLanguageModelContract } from "./language-model-contract.ts";

describeLanguageModelContract("transformers.js adapter on tiny-lm", loadTinyLanguageModel, 512);
