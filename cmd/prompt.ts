import process from "node:process";
import { input } from "@inquirer/prompts";
import { askingResolver } from "../src/diff/rename-questions.ts";

/** Asks the planner's rename questions at the terminal, one line per answer (Ctrl-D or Ctrl-C ends input). */
export const terminalRenameResolver = askingResolver(async (question) => {
  try {
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
