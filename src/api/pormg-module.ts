import { provideModule } from "../runtime/runtime.ts";

/**
 * Makes `import … from "pormg"` in the user's files (models.ts) resolve to this very pormg, so a
 * models file works beside the compiled binary with no `node_modules` (Bun runtime plugin; Deno
 * uses the import map; Node resolves its own `node_modules`).
 */
export async function providePormgModule(): Promise<void> {
  await provideModule("pormg", { ...(await import("../../mod.ts")) });
}
