import type { Relation } from "../../src/world/world-types.ts";

/** The plain sentence that states a fact: the form a reasoning step takes. */
export function statement(relation: Relation, subject: string, value: string): string {
  switch (relation) {
    case "birthplace":
      return `${subject} was born in ${value}.`;
    case "employer":
      return `${subject} works for ${value}.`;
    case "profession":
      return `${subject} is ${article(value)} ${value}.`;
    case "birthYear":
      return `${subject} was born in the year ${value}.`;
    case "region":
      return `${subject} lies in the ${value} region.`;
    case "river":
      return `${subject} stands on the ${value} river.`;
    case "placeFoundedYear":
      return `${subject} was founded in the year ${value}.`;
    case "headquarters":
      return `${subject} is based in ${value}.`;
    case "founder":
      return `${subject} was founded by ${value}.`;
    case "industry":
      return `${subject} works in ${value}.`;
    case "organisationFoundedYear":
      return `${subject} was founded in the year ${value}.`;
  }
}

/** The question that asks for a fact. */
export function question(relation: Relation, subject: string): string {
  switch (relation) {
    case "birthplace":
      return `Where was ${subject} born?`;
    case "employer":
      return `Who does ${subject} work for?`;
    case "profession":
      return `What does ${subject} do for a living?`;
    case "birthYear":
      return `In which year was ${subject} born?`;
    case "region":
      return `In which region does ${subject} lie?`;
    case "river":
      return `On which river does ${subject} stand?`;
    case "placeFoundedYear":
      return `In which year was ${subject} founded?`;
    case "headquarters":
      return `Where is ${subject} based?`;
    case "founder":
      return `Who founded ${subject}?`;
    case "industry":
      return `What industry does ${subject} work in?`;
    case "organisationFoundedYear":
      return `In which year was ${subject} founded?`;
  }
}

/** The same question in other words, whose wording differs from both the corpus and the plain question. */
export function paraphrase(relation: Relation, subject: string): string {
  switch (relation) {
    case "birthplace":
      return `What town is the birthplace of ${subject}?`;
    case "employer":
      return `Which company employs ${subject}?`;
    case "profession":
      return `What is ${subject}'s job?`;
    case "birthYear":
      return `When did ${subject} come into the world?`;
    case "region":
      return `What part of the country is ${subject} in?`;
    case "river":
      return `Which river flows past ${subject}?`;
    case "placeFoundedYear":
      return `How old is the town of ${subject}: when did it begin?`;
    case "headquarters":
      return `In what town does ${subject} have its head office?`;
    case "founder":
      return `Who started the firm ${subject}?`;
    case "industry":
      return `What kind of business is ${subject}?`;
    case "organisationFoundedYear":
      return `When did the firm ${subject} begin?`;
  }
}

export function article(word: string): "a" | "an" {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/**
 * Further wordings of each question, for training the generator only: a generator that understands one phrasing
 * per relation is a poor stand-in for a language model. They differ from `paraphrase`, whose wordings stay unseen
 * by every model and serve as the held-out paraphrased questions.
 */
export function rewordings(relation: Relation, subject: string): readonly string[] {
  switch (relation) {
    case "birthplace":
      return [`What is the birthplace of ${subject}?`, `In which town was ${subject} born?`];
    case "employer":
      return [`Who employs ${subject}?`, `Which firm does ${subject} work for?`];
    case "profession":
      return [`What is the job of ${subject}?`, `What work does ${subject} do?`];
    case "birthYear":
      return [`When was ${subject} born?`, `What year was ${subject} born in?`];
    case "region":
      return [`Which region is ${subject} in?`, `Where in the country does ${subject} lie?`];
    case "river":
      return [`What river is ${subject} on?`, `Which river runs through ${subject}?`];
    case "placeFoundedYear":
      return [`When was the town of ${subject} founded?`, `What year did ${subject} begin?`];
    case "headquarters":
      return [`Where is the head office of ${subject}?`, `Which town is ${subject} based in?`];
    case "founder":
      return [`Who is the founder of ${subject}?`, `Who set up ${subject}?`];
    case "industry":
      return [`What business is ${subject} in?`, `Which industry is ${subject} part of?`];
    case "organisationFoundedYear":
      return [`When was the firm ${subject} founded?`, `What year did the firm ${subject} start?`];
  }
}
