/**
 * The docs check (scripts/docs-examples.ts): example markers are found and rewritten in place,
 * output is normalised to stable placeholders, and broken relative links and anchors are found.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anchors, checkLinks, slug } from "../../scripts/docs/links.ts";
import { findMarkers, replaceMarkers } from "../../scripts/docs/markers.ts";
import { normalize } from "../../scripts/docs/normalize.ts";
import { tempDir } from "../lib/cli.ts";

const DOC = [
  "# Title",
  "<!-- example: info -->",
  "```text",
  "old line 1",
  "old line 2",
  "```",
  "<!-- /example -->",
  "````markdown",
  "<!-- example: shown -->",
  "```text",
  "```",
  "<!-- /example -->",
  "````",
  "<!-- example: empty -->",
  "```json",
  "```",
  "<!-- /example -->",
  "end",
].join("\n");

describe("example markers", () => {
  test("are found with their fence language and body; markers quoted in a ```` block are text", () => {
    expect(findMarkers(DOC, "d.md")).toEqual([
      { id: "info", lang: "text", body: "old line 1\nold line 2", line: 2 },
      { id: "empty", lang: "json", body: "", line: 14 },
    ]);
  });

  test("are rewritten in place, the rest of the file untouched", () => {
    const next = replaceMarkers(
      DOC,
      "d.md",
      new Map([
        ["info", "new"],
        ["empty", '{\n  "a": 1\n}'],
      ]),
    );
    expect(next).toBe(
      DOC.replace("old line 1\nold line 2", "new").replace("```json\n```", '```json\n{\n  "a": 1\n}\n```'),
    );
    expect(findMarkers(next, "d.md").map((m) => m.body)).toEqual(["new", '{\n  "a": 1\n}']);
  });

  test("a marker without its fence or closing line is an error naming the line", () => {
    expect(() => findMarkers("<!-- example: x -->\ntext", "d.md")).toThrow("d.md:2:");
    expect(() => findMarkers("<!-- example: x -->\n```\nbody\n```\n", "d.md")).toThrow("d.md:1:");
    expect(() => findMarkers("<!-- example: Bad Id -->", "d.md")).toThrow("malformed");
  });
});

describe("normalize", () => {
  test("turns the scratch folder, versions, hashes, times and actors into stable placeholders", () => {
    const h1 = "a".repeat(64);
    const h2 = "b".repeat(64);
    const text = `/tmp/x1/db/migrations/applied_migrations/20261202140255414_a.sql ${h1} ${h2} ${h1} 20261202140255999 20261202140255414 2026-12-02T14:02:55.123Z (12 ms, 3.4 s) "durationMs": 18.25 root@vm:3906 pormg/0.1.0 ${"0".repeat(64)}`;
    expect(normalize(text, "/tmp/x1")).toBe(
      `/srv/app/db/migrations/applied_migrations/20260101120000001_a.sql ${"e".repeat(60)}0001 ${"e".repeat(60)}0002 ${"e".repeat(60)}0001 20260101120000002 20260101120000001 2026-01-01T12:00:00.000Z (0 ms, 0.0 s) "durationMs": 0 user@host:4242 pormg/0.0.0 ${"0".repeat(64)}`,
    );
  });
});

describe("links", () => {
  test("anchors follow GitHub's rules, repeated headings numbered", () => {
    expect(slug("`pormg migrate --db FOLDER [--plan]`")).toBe("pormg-migrate---db-folder---plan");
    expect(slug("Serial, `nextval` defaults (PostgreSQL)")).toBe("serial-nextval-defaults-postgresql");
    expect([...anchors("# A\n## B\n```\n# not a heading\n```\n## B\n")]).toEqual(["a", "b", "b-1"]);
  });

  test("a missing file or anchor is broken; a missing pending doc is only reported", () => {
    const root = tempDir("pormg-links-");
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs", "b.md"), "# B title\n## Part two\n");
    writeFileSync(
      join(root, "README.md"),
      [
        "[ok](docs/b.md) [ok](docs/b.md#part-two) [ok](#top) [web](https://example.com/x.md)",
        "# Top",
        "[bad](docs/c.md) [bad](docs/b.md#nope) [bad](#nowhere) [later](docs/later.md)",
        "`[in code](docs/none.md)`",
      ].join("\n"),
    );
    const { broken, pendingMissing } = checkLinks(root, ["README.md", "docs/b.md"], new Set(["docs/later.md"]));
    expect(broken).toEqual([
      "README.md:3: docs/c.md: no such file",
      "README.md:3: docs/b.md#nope: no heading #nope in docs/b.md",
      "README.md:3: #nowhere: no heading #nowhere in README.md",
    ]);
    expect(pendingMissing).toEqual(["docs/later.md"]);
  });
});
