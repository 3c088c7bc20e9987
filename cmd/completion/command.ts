import process from "node:process";
import { Argument, Command, Option } from "commander";
import { PormgError } from "../../src/core/errors.ts";
import { bashScript } from "./bash.ts";
import { candidateLines, DYNAMIC_KINDS, type DynamicKind } from "./candidates.ts";
import { fishScript } from "./fish.ts";
import { completionTree } from "./tree.ts";
import { zshScript } from "./zsh.ts";

/** The shells `pormg completion SHELL` writes a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

const RENDER = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/**
 * `pormg completion bash|zsh|fish`: prints the completion script for the shell, generated from
 * `program`'s commands and flags as they are now. The hidden `--complete KIND` (with `--db FOLDER`,
 * and `--for VERSION` for `plan-name`) is what the scripts call back at completion time: it prints
 * the environments of connection.yml, the plan versions, or a version's plan name, one per line,
 * reading only files (no connection), and prints nothing on any error. `program` is read when the
 * command runs, so the script covers every command, this one included.
 */
export function completionCommand(program: () => Command): Command {
  return new Command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .addArgument(new Argument("[shell]", "the shell to complete for").choices(SHELLS))
    .addOption(
      new Option("--complete <kind>", "print the candidates of KIND for a script").choices(DYNAMIC_KINDS).hideHelp(),
    )
    .addOption(new Option("--db <folder>", "the database folder the line names").default("db").hideHelp())
    .addOption(new Option("--for <version>", "plan-name: the version").default("").hideHelp())
    .action(
      (shell: (typeof SHELLS)[number] | undefined, options: { complete?: DynamicKind; db: string; for: string }) => {
        if (options.complete !== undefined) {
          process.stdout.write(candidateLines(options.complete, options.db, options.for));
          return;
        }
        if (shell === undefined)
          throw new PormgError("USAGE", `name the shell: pormg completion ${SHELLS.join("|")}`, { option: "shell" });
        process.stdout.write(RENDER[shell](completionTree(program())));
      },
    );
}

/**
 * Answers `completion --complete KIND …` without loading the rest of the CLI (the shell waits for
 * it on every Tab), parsing the same flags with the same command; prints nothing on any error.
 */
export function completeFast(args: readonly string[]): void {
  const cmd = completionCommand(() => {
    throw new Error("no program in the fast path");
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  try {
    cmd.parse([...args.slice(1)], { from: "user" });
  } catch {
    // Silent: a completion callback never prints an error.
  }
}
