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
});
