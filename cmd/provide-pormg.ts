import { provideModule } from "../src/runtime/runtime.ts";

/**
 * Makes `import … from "pormg"` in the user's files (models.ts) resolve to this very pormg, so a
 * models file works beside the compiled binary with no `node_modules`.
 */
export async function providePormg(): Promise<void> {
  await provideModule("pormg", { ...(await import("../mod.ts")) });
}
