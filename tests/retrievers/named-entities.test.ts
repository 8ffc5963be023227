import { describe, expect, it } from "vitest";
import { namedEntities } from "../../retrievers/named-entities.ts";

describe("namedEntities", () => {
  it("finds runs of capitalised words, in the order of first mention, each once", () => {
    expect(
      namedEntities("Ilse Varnholt trained at Quellmoor. In 1990 Ilse Varnholt taught in Quellmoor and in Tessaly."),
    ).toEqual(["Ilse Varnholt", "Quellmoor", "Tessaly"]);
  });

  it("joins the parts of one name over a lowercase word of one or two letters", () => {
    expect(namedEntities("She studied at the Brannock Academy of Navigation, then at Costa da Morte.")).toEqual([
      "Brannock Academy of Navigation",
      "Costa da Morte",
    ]);
    expect(namedEntities("She watched Tom and Jerry.")).toEqual(["Tom", "Jerry"]);
  });

  it("keeps digits that follow a name and ends a name at punctuation", () => {
    expect(namedEntities("It flew with Apollo 11, Mercury; Gemini (NASA) in Houston, Texas.")).toEqual([
      "Apollo 11",
      "Mercury",
      "Gemini",
      "NASA",
      "Houston",
      "Texas",
    ]);
  });

  it("leaves out a sentence's first word when no capitalised word follows it", () => {
    expect(namedEntities("He was born in Seske. After the war he moved. The Socialist Party won.")).toEqual([
      "Seske",
      "The Socialist Party",
    ]);
  });

  it("drops a possessive ending", () => {
    expect(namedEntities("They toured Russia's northern ports with Anna Pavlova.")).toEqual(["Russia", "Anna Pavlova"]);
  });

  it("reads any script with capital letters, and finds none in a script without them", () => {
    expect(namedEntities("Он жил в Москве, потом в Санкт Петербурге.")).toEqual(["Москве", "Санкт Петербурге"]);
    expect(namedEntities("東京は日本の首都です。")).toEqual([]);
  });
});
