/**
 * docs/commands.md against the CLI: the checked-in file is what scripts/gen-commands-doc.ts
 * generates now (the check `npm run lint` runs), the check fails on a file that drifted, and for
 * every command `pormg COMMAND --help` — run as a separate process — lists exactly the flags and
 * arguments the page gives that command, with the same descriptions, defaults and choices.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anchor, proseSections, renderCommandsDoc } from "../../scripts/commands-doc.ts";
import { inBatches, pormg, pormgAsync, ROOT, type Run, run, tempDir } from "../lib/cli.ts";

// Each test starts shells and CLI processes; a loaded machine makes them slow.
setDefaultTimeout(30_000);

const DOC = readFileSync(join(ROOT, "docs", "commands.md"), "utf8");
const generator = join(ROOT, "scripts", "gen-commands-doc.ts");

/** The entries of one section (`Options:`, `Arguments:`) of commander's help text: term → description. */
function helpEntries(help: string, title: string): Map<string, string> {
  const entries = new Map<string, string>();
  const start = help.indexOf(`\n${title}\n`);
  if (start < 0) return entries;
  let last: string | undefined;
  for (const line of help.slice(start + title.length + 2).split("\n")) {
    if (line.trim() === "" || !line.startsWith("  ")) break;
    const entry = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (entry && !line.startsWith("   ")) {
      last = entry[1] as string;
      entries.set(last, entry[2] ?? "");
    } else if (last !== undefined) entries.set(last, `${entries.get(last)} ${line.trim()}`.trim());
  }
  return entries;
}

/** The rows of the tables under one heading of the page: term → description. */
function docEntries(section: string, firstColumn: "flag" | "argument"): Map<string, string> {
  const rows = new Map<string, string>();
  let inTable = false;
  for (const line of section.split("\n")) {
    if (line.startsWith(`| ${firstColumn} |`)) inTable = true;
    else if (!line.startsWith("|")) inTable = false;
    else if (inTable && !line.startsWith("|---")) {
      const m = /^\| `(.+?)` \| (.*) \|$/.exec(line);
      if (m) rows.set(m[1] as string, (m[2] as string).replaceAll("&lt;", "<").replaceAll("\\|", "|"));
    }
  }
  return rows;
}

function docSection(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const end = DOC.indexOf("\n## ", start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

const commands = (() => {
  const help = pormg(["--help"], { cwd: ROOT }).stdout;
  return [...helpEntries(help, "Commands:").keys()].map((term) => term.split(" ")[0] as string);
})();

describe("docs/commands.md", () => {
  test("is what scripts/gen-commands-doc.ts generates from the CLI now", () => {
    const r = run(process.execPath, [generator, "--check"], { cwd: ROOT });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  });

  test("--check fails on a page that drifted from --help, naming the line", () => {
    const stale = join(tempDir("pormg-doc-"), "commands.md");
    writeFileSync(stale, DOC.replace("how long to wait for the migration lock", "how long to wait"));
    const r = run(process.execPath, [generator, "--check", "--file", stale], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("out of date");
    expect(r.stderr).toContain("- | `--lock-wait <seconds>` | how long to wait (default: 30) |");
    expect(r.stderr).toContain("bun scripts/gen-commands-doc.ts");
  });

  test("every command of pormg --help has a section, listed in the table of commands", () => {
    expect(commands.length).toBeGreaterThan(15);
    for (const name of commands) {
      expect(DOC).toContain(`](#${anchor(name)})`);
      docSection(`\`pormg ${name}\``);
    }
  });

  test("each command's --help and its section list the same flags and arguments, word for word", async () => {
    const common = docEntries(docSection("Flags every command takes"), "flag");
    expect(common.get("--db <folder>")).toContain('(default: "db")');
    // `pormg help --help` is the program's help: its flags are the table at the top of the page.
    const program = pormg(["--help"], { cwd: ROOT }).stdout;
    expect(Object.fromEntries(docEntries(DOC.slice(0, DOC.indexOf("\n## ")), "flag"))).toEqual(
      Object.fromEntries(helpEntries(program, "Options:")),
    );
    const own = commands.filter((name) => name !== "help");
    const helps = await inBatches(
      own.map((name) => () => pormgAsync([name, "--help"], { cwd: ROOT })),
      4,
    );
    for (const [i, name] of own.entries()) {
      const help = helps[i] as Run;
      expect(help.code).toBe(0);
      const section = docSection(`\`pormg ${name}\``);
      const usage = /^Usage: (.*)$/m.exec(help.stdout)?.[1];
      expect({ name, usage: section.includes(`Usage: ${usage}\n`) }).toEqual({ name, usage: true });
      const flags = docEntries(section, "flag");
      if (section.includes("(#flags-every-command-takes)")) for (const [t, d] of common) flags.set(t, d);
      expect({ name, flags: Object.fromEntries(flags) }).toEqual({
        name,
        flags: Object.fromEntries(helpEntries(help.stdout, "Options:")),
      });
      expect({ name, args: Object.fromEntries(docEntries(section, "argument")) }).toEqual({
        name,
        args: Object.fromEntries(helpEntries(help.stdout, "Arguments:")),
      });
    }
  }, 60_000);

  test("the generator refuses a command without prose, and prose for no command", () => {
    const prose = proseSections(readFileSync(join(ROOT, "scripts", "commands-prose.md"), "utf8"));
    const without = new Map(prose);
    without.delete("migrate");
    expect(() => renderCommandsDoc(without)).toThrow('add a "## name" section for migrate');
    expect(() => renderCommandsDoc(new Map([...prose, ["migrat", "typo"]]))).toThrow("no command is named migrat");
  });
});
