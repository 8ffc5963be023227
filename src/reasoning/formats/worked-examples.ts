import type { PromptParts } from "../prompt-format.ts";

/** What the few-shot formats tell a model that was not trained on the loop's lines. */
export const lineInstructions =
  'Answer the question. First write what you know or read that leads to the answer, one short fact a line, each line starting with "Step:". Then write the answer alone, as few words as possible, on a line starting with "Answer:". Use the numbered passages when there are any.';

/** Two worked examples, one from memory and one from a passage, shown before the question. */
export const workedExamples: readonly (PromptParts & { readonly answer: string })[] = [
  {
    question: "What is the capital of the country where the Eiffel Tower stands?",
    steps: ["The Eiffel Tower stands in Paris.", "Paris is in France.", "The capital of France is Paris."],
    answer: "Paris",
  },
  {
    passages: ["Mount Kilimanjaro, in Tanzania, is the highest mountain in Africa."],
    question: "In which country is the highest mountain in Africa?",
    steps: ["The highest mountain in Africa is Mount Kilimanjaro.", "Mount Kilimanjaro is in Tanzania."],
    answer: "Tanzania",
  },
];
