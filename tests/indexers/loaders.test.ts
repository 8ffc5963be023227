import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSources } from "../../indexers/read-sources.ts";
import type { LoadEvent, SourceDocument } from "../../indexers/source-document.ts";
import { projectRoot } from "../../src/util/project-root.ts";

const fixtures = join(projectRoot, "fixtures", "documents");

async function collect(paths: string[], options: Parameters<typeof readSources>[1] = {}): Promise<LoadEvent[]> {
  const events: LoadEvent[] = [];
  for await (const event of readSources(paths, options)) events.push(event);
  return events;
}

function documentsOf(events: readonly LoadEvent[]): SourceDocument[] {
  return events.flatMap((event) => (event.kind === "document" ? [event.document] : []));
}

describe("reading a folder", () => {
  it("walks it recursively in a stable order, one document per file, ids relative to the folder", async () => {
    const events = await collect([join(fixtures, "corpus")]);
    expect(events.every((event) => event.kind === "document")).toBe(true);
    expect(documentsOf(events).map((document) => document.id)).toEqual([
      "notes/harbour.md",
      "notes/market.txt",
      "pages/guild.html",
      "pages/harbour-report.pdf",
    ]);
  });

  it("takes include and exclude globs", async () => {
    const only = documentsOf(await collect([join(fixtures, "corpus")], { include: ["notes/**"] }));
    expect(only.map((document) => document.id)).toEqual(["notes/harbour.md", "notes/market.txt"]);
    const without = documentsOf(await collect([join(fixtures, "corpus")], { exclude: ["**/*.pdf", "**/*.txt"] }));
    expect(without.map((document) => document.id)).toEqual(["notes/harbour.md", "pages/guild.html"]);
  });

  it("reports a path that does not exist, and goes on with the others", async () => {
    const events = await collect([join(fixtures, "missing"), join(fixtures, "corpus", "notes", "market.txt")]);
    expect(events[0]).toEqual({ kind: "failure", uri: join(fixtures, "missing"), reason: "no such file or folder" });
    expect(documentsOf(events)).toHaveLength(1);
  });
});

describe("loaders", () => {
  it("txt: the text as it is, titled after the file", async () => {
    const [document] = documentsOf(await collect([join(fixtures, "corpus", "notes", "market.txt")]));
    expect(document).toMatchObject({ id: "market.txt", title: "market" });
    expect(document?.text).toContain("The covered market of Bezouth opens at dawn.");
  });

  it("md: front matter becomes metadata and the title; headings stay in the text", async () => {
    const [document] = documentsOf(await collect([join(fixtures, "corpus", "notes", "harbour.md")]));
    expect(document?.title).toBe("The Harbour of Bezouth");
    expect(document?.metadata).toEqual({
      title: "The Harbour of Bezouth",
      author: "Port Office",
      tags: ["harbour", "history"],
    });
    expect(document?.text.startsWith("# The Harbour of Bezouth")).toBe(true);
    expect(document?.text).toContain("## The lighthouse");
    expect(document?.text).not.toContain("author:");
  });

  it("html: the visible text from a parser, entities decoded, no script or style, blocks on their own lines", async () => {
    const [document] = documentsOf(await collect([join(fixtures, "corpus", "pages", "guild.html")]));
    expect(document?.title).toBe("Teithin Foundry");
    expect(document?.text).toContain("Teithin Foundry casts bells & anchors for the northern ports.");
    expect(document?.text).toContain("It was founded by Dulthallo Nekrailvo in 1954.");
    expect(document?.text).not.toMatch(/hidden|color: red/);
    expect(document?.text.split("\n\n")).toContain("Bells");
  });

  it("pdf: the text layer of every page, titled by the document's info", async () => {
    const [document] = documentsOf(await collect([join(fixtures, "corpus", "pages", "harbour-report.pdf")]));
    expect(document?.title).toBe("Harbour Report");
    expect(document?.metadata).toEqual({ pages: 2 });
    expect(document?.text).toContain("The harbour of Bezouth was rebuilt in the year 1904.");
    expect(document?.text).toContain("The lighthouse keeper, Mira Tessaro, logs every ship.");
  });

  it("jsonl in the BEIR shape: _id, title, text and metadata", async () => {
    const documents = documentsOf(await collect([join(fixtures, "jsonl", "beir.jsonl")]));
    expect(documents.map((document) => [document.id, document.title])).toEqual([
      ["doc-1", "Keindraith river"],
      ["doc-2", "Lantern festival"],
    ]);
    expect(documents[0]?.metadata).toEqual({ source: "atlas" });
    expect(documents[0]?.uri).toBe("beir.jsonl:1");
  });

  it("jsonl in the FlashRAG shape: the quoted first line of contents is the title", async () => {
    const documents = documentsOf(await collect([join(fixtures, "jsonl", "flashrag.jsonl")]));
    expect(documents[1]).toMatchObject({
      id: "1",
      title: "Bezouth",
      text: "Bezouth is a town on the Keindraith river.",
    });
  });

  it("jsonl in the HotpotQA shape: every context paragraph once, identified by its title", async () => {
    const documents = documentsOf(await collect([join(fixtures, "jsonl", "hotpot.jsonl")]));
    expect(documents.map((document) => document.id)).toEqual(["Bezouth", "Keindraith", "Seske"]);
    expect(documents[1]?.text).toBe("The Keindraith is a river. It flows past Bezouth.");
  });

  it("jsonl in any other shape, with the fields named", async () => {
    const fields = { idField: "key", titleField: "heading", textField: "body" };
    const documents = documentsOf(await collect([join(fixtures, "jsonl", "custom.jsonl")], { jsonl: fields }));
    expect(documents.map((document) => [document.id, document.title, document.text])).toEqual([
      ["a1", "Bells", "Bronze bells are cast in sand moulds."],
      ["a2", "Anchors", "Anchors are forged from iron bars."],
    ]);
    const unnamed = await collect([join(fixtures, "jsonl", "custom.jsonl")]);
    expect(unnamed[0]).toMatchObject({ kind: "failure", reason: expect.stringContaining("--id-field") });
  });
});

describe("bad input", () => {
  it("records every bad file and line with its reason, and still reads the good ones", async () => {
    const events = await collect([join(fixtures, "bad")]);
    const failures = new Map(
      events.flatMap((event) =>
        event.kind === "failure" ? [[event.uri.replace(`${join(fixtures, "bad")}/`, ""), event.reason]] : [],
      ),
    );
    expect(failures.get("empty.txt")).toMatch(/empty/);
    expect(failures.get("blank.md")).toMatch(/no text/);
    expect(failures.get("binary.txt")).toMatch(/binary/);
    expect(failures.get("latin.txt")).toMatch(/not UTF-8/);
    expect(failures.get("broken-front-matter.md")).toMatch(/front matter is not valid YAML/);
    expect(failures.get("fake.pdf")).toMatch(/not a readable PDF/);
    expect(failures.get("scanned.pdf")).toMatch(/no text layer/);
    expect(failures.get("no-text.html")).toMatch(/no visible text/);
    expect(failures.get("mixed.jsonl:2")).toMatch(/line 2 is not valid JSON/);
    expect(failures.get("mixed.jsonl:4")).toMatch(/not a JSON object/);
    expect(failures.get("mixed.jsonl:5")).toMatch(/no "_id"|no "id"/);
    expect(failures.get("mixed.jsonl:6")).toMatch(/no "text"/);
    expect(documentsOf(events).map((document) => document.id)).toEqual(["ok-1", "ok-2"]);
  });

  it("says a named file of an unsupported type is not supported", async () => {
    const [event] = await collect([join(projectRoot, "vitest.config.ts")]);
    expect(event).toMatchObject({ kind: "failure", reason: expect.stringContaining('unsupported file type ".ts"') });
  });
});
