/**
 * The completion scripts come from walking the commander tree, not from a list: a command or flag
 * added to the program appears in every script with the value its definition implies, and hidden
 * ones (commander's `hidden`, `Option.hideHelp()`) appear in none.
 */
import { describe, expect, test } from "bun:test";
import { Argument, Command, Option } from "commander";
import { bashScript } from "../../../cmd/completion/bash.ts";
import { fishScript } from "../../../cmd/completion/fish.ts";
import { completionTree } from "../../../cmd/completion/tree.ts";
import { zshScript } from "../../../cmd/completion/zsh.ts";
import { buildProgram } from "../../../cmd/main.ts";

function program(): Command {
  const p = buildProgram(async () => {});
  p.addCommand(
    new Command("frobnicate")
      .description("a command the scripts have never seen")
      .addOption(new Option("--shiny <file>", "a file"))
      .addOption(new Option("--mode <mode>", "how").choices(["fast", "slow"]))
      .addOption(new Option("--sneaky", "not shown").hideHelp())
      .addArgument(new Argument("<version>")),
  );
  p.addCommand(new Command("secret").description("hidden"), { hidden: true });
  return p;
}

describe("completionTree", () => {
  const tree = completionTree(program());
  const frob = tree.commands.find((c) => c.name === "frobnicate");

  test("walks new commands and flags, with the value each definition implies", () => {
    expect(frob?.summary).toBe("a command the scripts have never seen");
    expect(frob?.flags.map((f) => [f.long, f.value?.complete])).toEqual([
      ["--shiny", { kind: "files" }],
      ["--mode", { kind: "choices", values: ["fast", "slow"] }],
      ["--help", undefined],
    ]);
    expect(frob?.args).toEqual([{ name: "version", variadic: false, complete: { kind: "versions" } }]);
    expect(tree.commands.find((c) => c.name === "migrate")?.flags.find((f) => f.long === "--env")?.value).toEqual({
      placeholder: "name",
      complete: { kind: "envs" },
    });
    expect(tree.defaultDb).toBe("db");
  });

  test("leaves hidden commands and flags out of every script", () => {
    expect(tree.commands.map((c) => c.name)).not.toContain("secret");
    for (const render of [bashScript, zshScript, fishScript]) {
      const script = render(tree);
      expect(script).toContain("frobnicate");
      expect(script).toContain("--shiny");
      expect(script).not.toContain("secret");
      expect(script).not.toContain("--sneaky");
      expect(script).not.toContain("--debug");
    }
    expect(bashScript(tree)).toContain("'frobnicate --mode') echo 'choices fast slow' ;;");
  });
});
