import { describe, expect, it } from "vitest";
import { relativeToSources } from "../../src/app/relative-to-sources.ts";

describe("a failure recorded by `recall index`, as a client reads it", () => {
  const sources = ["/srv/data/docs", "./notes/", "/srv/dump.jsonl"];

  it("names a file in a folder given by its path in that folder, and a path given by its name", () => {
    expect(relativeToSources("/srv/data/docs/sub/a.md", sources)).toBe("sub/a.md");
    expect(relativeToSources("/srv/data/docs", sources)).toBe("docs");
    expect(relativeToSources("notes/b.txt", sources)).toBe("b.txt");
    expect(relativeToSources("./notes/b.txt", sources)).toBe("b.txt");
    expect(relativeToSources("/srv/dump.jsonl:12", sources)).toBe("dump.jsonl:12");
  });

  it("rewrites the paths a reason quotes the same way", () => {
    expect(
      relativeToSources("the file cannot be read (EACCES: permission denied, open '/srv/data/docs/sub/a.md')", sources),
    ).toBe("the file cannot be read (EACCES: permission denied, open 'sub/a.md')");
  });

  it("leaves what is not a source's path alone, and cuts any other absolute path to its last part", () => {
    expect(relativeToSources("mynotes/b.txt", sources)).toBe("mynotes/b.txt");
    expect(relativeToSources("line 3: expected a/b, see https://example.com/x/y", sources)).toBe(
      "line 3: expected a/b, see https://example.com/x/y",
    );
    expect(relativeToSources("cannot follow the link to /etc/recall/secret.md", sources)).toBe(
      "cannot follow the link to secret.md",
    );
  });

  it.each([
    ["path=/home/alice/x.md", "path=x.md"],
    ["see [/home/alice/notes/x.md]", "see [x.md]"],
    ["<ref:/home/alice/x.md>", "<ref:x.md>"],
    ["{/home/alice/x.md}, |/home/alice/y.md|", "{x.md}, |y.md|"],
    ["→/home/alice/x.md", "→x.md"],
    ["path=/srv/data/docs/sub/a.md", "path=sub/a.md"],
    ["[/srv/data/docs]", "[docs]"],
  ])("cuts a path after any character that is not part of a name: %s", (text, shown) => {
    expect(relativeToSources(text, sources)).toBe(shown);
  });

  it.each([
    ["file:///home/alice/x.md", "x.md"],
    ["cannot open file:///srv/data/docs/sub/a.md", "cannot open sub/a.md"],
    ["file://localhost/etc/recall/secret.md", "secret.md"],
    ["<file:///srv/dump.jsonl>", "<dump.jsonl>"],
  ])("reads a file URL as the path it names: %s", (text, shown) => {
    expect(relativeToSources(text, sources)).toBe(shown);
  });

  it.each([
    "fetched http://[::1]:8080/v1/x/y",
    "s3://bucket/srv/data/docs/a.md",
    "café/menu/x.md",
    "ratio 3/4, dates 12/03/2026, and/or ~/notes",
  ])("leaves other URLs and relative paths alone: %s", (text) => {
    expect(relativeToSources(text, sources)).toBe(text);
  });
});
