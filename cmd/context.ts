import process from "node:process";
import type { ProgressSink } from "../src/apply/progress.ts";
import type { Config } from "../src/config/config.ts";
import type { LoadConfigOptions } from "../src/config/load-config.ts";
import { redactText } from "../src/config/redact.ts";
import { loadConfig } from "../src/dialect/load-config.ts";

/** GlobalOptions are the flags every command takes. */
export interface GlobalOptions {
  readonly db: string;
  readonly env?: string;
  readonly url?: string;
  readonly json?: boolean;
  readonly nonInteractive?: boolean;
  readonly lockTimeout?: number;
  readonly statementTimeout?: number;
  /** `--no-color` (commander's negation: `false`). */
  readonly color?: boolean;
}

/** CommandOptions are the global flags plus the command's own options, as commander parsed them. */
export type CommandOptions = GlobalOptions & Readonly<Record<string, unknown>>;

/**
 * A Context is what a command needs from the outside world: its flags, whether it may prompt,
 * and a way to load the configuration. Commands return data; `main.ts` prints it.
 */
export interface Context {
  readonly options: CommandOptions;
  /** The command's positional arguments, as declared by its `arguments`. */
  readonly args: readonly string[];
  /** Prompts are allowed: stdin is a terminal and neither --non-interactive, --json nor CI=true is set. */
  readonly interactive: boolean;
  /** Loads the configuration the flags select, and remembers its secrets for redaction. */
  config(): Config;
  /** Warnings gathered so far (printed on stderr, and included in `--json` output). */
  readonly warnings: string[];
  /** Secrets to redact from everything printed. */
  readonly secrets: string[];
  /** Reports progress for people (lock waits, backups): on stderr, never with `--json`. */
  notice(message: string): void;
  /** Where long work reports its progress (a line on stderr at a terminal; nothing otherwise). */
  readonly progress: ProgressSink;
}

/** Builds the Context for one run from the global flags. */
export function createContext(
  options: CommandOptions,
  args: readonly string[] = [],
  notice?: (message: string) => void,
  progress: ProgressSink = () => {},
): Context {
  const warnings: string[] = [];
  const secrets: string[] = [];
  let loaded: Config | undefined;
  const interactive =
    !options.nonInteractive && !options.json && process.stdin.isTTY === true && process.env.CI !== "true";
  return {
    options,
    args,
    interactive,
    warnings,
    secrets,
    progress,
    notice:
      notice ??
      ((message) => {
        if (!options.json) process.stderr.write(`${redactText(message, secrets)}\n`);
      }),
    config() {
      if (!loaded) {
        const loadOptions: LoadConfigOptions = {
          folder: options.db,
          ...(options.env !== undefined && { env: options.env }),
          ...(options.url !== undefined && { url: options.url }),
          timeouts: {
            ...(options.lockTimeout !== undefined && { lockTimeoutSeconds: options.lockTimeout }),
            ...(options.statementTimeout !== undefined && { statementTimeoutSeconds: options.statementTimeout }),
          },
        };
        loaded = loadConfig(loadOptions);
        warnings.push(...loaded.warnings);
        secrets.push(...loaded.secrets);
      }
      return loaded;
    },
  };
}
