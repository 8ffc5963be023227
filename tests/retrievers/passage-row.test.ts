import { describe, expect, it } from "vitest";
import { relativeUri } from "../../retrievers/passage-row.ts";

describe("a stored uri as a client sees it", () => {
  it("keeps a uri relative to what was indexed", () => {
    expect(relativeUri("notes/harbour.md")).toBe("notes/harbour.md");
    expect(relativeUri("market.txt")).toBe("market.txt");
    expect(relativeUri("data/beir.jsonl:12")).toBe("data/beir.jsonl:12");
  });

  it.each([
    ["/srv/recall/corpus/notes/harbour.md", "harbour.md"],
    ["/srv/recall/beir.jsonl:12", "beir.jsonl:12"],
    ["file:///srv/recall/guild.html", "guild.html"],
    ["C:\\corpus\\notes\\market.txt", "market.txt"],
    ["../../private/notes.md", "notes.md"],
    ["~/documents/report.pdf", "report.pdf"],
  ])("turns %s, which an older corpus may hold, into the file's name %s", (stored, shown) => {
    expect(relativeUri(stored)).toBe(shown);
  });
});
