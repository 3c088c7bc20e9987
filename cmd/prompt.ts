import process from "node:process";
import { askingResolver } from "../src/diff/rename-questions.ts";

/** Asks the planner's rename questions at the terminal, one line per answer (Ctrl-D or Ctrl-C ends input). */
export const terminalRenameResolver = askingResolver(async (question) => {
  try {
    // Loaded when a question is asked: the prompt library costs start-up time for every command otherwise.
    const { input } = await import("@inquirer/prompts");
    return await input({ message: question });
  } catch {
    return undefined;
  }
});

/** Asks at the terminal whether to apply a destructive plan, naming what it drops. */
export async function confirmDestructive(statements: readonly string[]): Promise<boolean> {
  const { confirm } = await import("@inquirer/prompts");
  process.stderr.write(`This plan is destructive:\n${statements.map((s) => `  - ${s}`).join("\n")}\n`);
  try {
    return await confirm({ message: "Apply it anyway? Data in dropped objects is lost.", default: false });
  } catch {
    return false;
  }
}
