import { describe, expect, it } from "vitest";
import { standaloneQuestion } from "../../src/server/openai/standalone-question.ts";

const user = (content: string) => ({ role: "user" as const, content });
const assistant = (content: string) => ({ role: "assistant" as const, content });

describe("the last user turn made standalone", () => {
  it("puts the most recent name in place of a pronoun", () => {
    expect(
      standaloneQuestion([
        user("Who founded Mitaithlai Works?"),
        assistant("Mafeitheith Krikouth founded it."),
        user("Where was he born?"),
      ]),
    ).toBe("Where was Mafeitheith Krikouth born?");
  });

  it("turns a possessive pronoun into a possessive name", () => {
    expect(standaloneQuestion([user("Tell me about Treisnos Bemtond."), user("Who is her employer?")])).toBe(
      "Who is Treisnos Bemtond's employer?",
    );
  });

  it("keeps a question that needs nothing, and one with no name to refer to", () => {
    expect(standaloneQuestion([user("Hello"), user("Where was Treisnos Bemtond born?")])).toBe(
      "Where was Treisnos Bemtond born?",
    );
    expect(standaloneQuestion([user("hello there"), user("Where was she born?")])).toBe("Where was she born?");
  });

  it("ignores system messages and reads text parts", () => {
    expect(
      standaloneQuestion([
        { role: "system", content: "Be brief, Alice Smith." },
        { role: "user", content: [{ type: "text", text: "Where was Treisnos Bemtond born?" }] },
      ]),
    ).toBe("Where was Treisnos Bemtond born?");
  });
});
