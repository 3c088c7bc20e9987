import type { Argument, Command, Option } from "commander";

/**
 * What a shell should offer for a flag's value or a positional argument. `envs`, `versions` and
 * `plan-name` are read at completion time from the `--db` folder on the line (`pormg completion
 * --complete …`); `text` offers nothing (a free value such as a URL or a hash).
 */
export type ValueKind =
  | { readonly kind: "dirs" }
  | { readonly kind: "files" }
  | { readonly kind: "envs" }
  | { readonly kind: "versions" }
  | { readonly kind: "plan-name" }
  | { readonly kind: "commands" }
  | { readonly kind: "choices"; readonly values: readonly string[] }
  | { readonly kind: "text" };

/** One flag of a command: its spellings, the description `--help` shows, and its value (if it takes one). */
export interface FlagSpec {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  /** Undefined for a flag without a value (`--json`, `--no-backup`). */
  readonly value?: { readonly placeholder: string; readonly complete: ValueKind };
  /** The flag may be given more than once (`--rename a=b --rename c=d`). */
  readonly repeatable: boolean;
}

/** One positional argument: its name, whether it repeats (`<query...>`) and what completes it. */
export interface ArgSpec {
  readonly name: string;
  readonly variadic: boolean;
  readonly complete: ValueKind;
}

/** One command as the completion scripts see it. */
export interface CommandNode {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  readonly args: readonly ArgSpec[];
}

/** The whole CLI: the program's own flags, its commands, and the default of `--db`. */
export interface CompletionTree {
  readonly program: string;
  readonly version: string;
  readonly flags: readonly FlagSpec[];
  readonly commands: readonly CommandNode[];
  /** The default of `--db` (where `connection.yml` and the plans are when the line names no folder). */
  readonly defaultDb: string;
}

/**
 * Walks commander's command tree into a {@link CompletionTree}, through commander's own help
 * (`Help.visibleCommands`, `visibleOptions`), so completion offers exactly what `--help` lists:
 * hidden commands and flags stay hidden. What a value completes follows from its definition:
 * choices (`Option.choices`, `Argument.choices`) as they are, a `<folder>` directories, a `<file>`
 * files, `--env` the environments, a `<version>` argument the plan versions and a `<name>` after it
 * that plan's name, the help command's `[command]` the commands; anything else is free text.
 */
export function completionTree(program: Command): CompletionTree {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).map((cmd): CommandNode => {
    const args = cmd.registeredArguments;
    return {
      name: cmd.name(),
      summary: help.subcommandDescription(cmd),
      flags: help.visibleOptions(cmd).map(flagSpec),
      // The implicit help command (`help [command]`) is not among program.commands.
      args: args.map((arg, i) => argSpec(arg, args[i - 1], !program.commands.includes(cmd))),
    };
  });
  const db = program.commands.flatMap((c) => c.options).find((o) => o.long === "--db");
  return {
    program: program.name(),
    version: program.version() ?? "",
    flags: help.visibleOptions(program).map(flagSpec),
    commands,
    defaultDb: typeof db?.defaultValue === "string" ? db.defaultValue : "db",
  };
}

function flagSpec(option: Option): FlagSpec {
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    ...(option.long !== undefined && { long: option.long }),
    ...(option.short !== undefined && { short: option.short }),
    description: option.description,
    ...(placeholder !== undefined && {
      value: { placeholder: placeholder.replace(/\.\.\.$/, ""), complete: flagValue(option, placeholder) },
    }),
    repeatable: option.variadic || Array.isArray(option.defaultValue),
  };
}

function flagValue(option: Option, placeholder: string): ValueKind {
  if (option.argChoices) return { kind: "choices", values: option.argChoices };
  if (option.attributeName() === "env") return { kind: "envs" };
  return byPlaceholder(placeholder);
}

function argSpec(arg: Argument, before: Argument | undefined, implicitHelp: boolean): ArgSpec {
  const name = arg.name();
  const complete: ValueKind = arg.argChoices
    ? { kind: "choices", values: arg.argChoices }
    : name === "version"
      ? { kind: "versions" }
      : name === "name" && before?.name() === "version"
        ? { kind: "plan-name" }
        : name === "command" && implicitHelp
          ? { kind: "commands" }
          : byPlaceholder(name);
  return { name, variadic: arg.variadic, complete };
}

function byPlaceholder(name: string): ValueKind {
  const base = name.replace(/\.\.\.$/, "");
  if (base === "folder" || base === "dir" || base === "directory") return { kind: "dirs" };
  if (base === "file" || base === "path") return { kind: "files" };
  return { kind: "text" };
}

/** The flags of `node` that take a value, by every spelling (`--db`, `-o`). */
export function valuedSpellings(node: { readonly flags: readonly FlagSpec[] }): string[] {
  return node.flags.filter((f) => f.value).flatMap((f) => [f.long, f.short].filter((s) => s !== undefined));
}

/** Every spelling of a flag. */
export function spellings(flag: FlagSpec): string[] {
  return [flag.long, flag.short].filter((s) => s !== undefined);
}
