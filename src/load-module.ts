import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { PormgError } from "./errors.ts";

/**
 * Imports a user's TypeScript file (such as `models.ts`) and returns its exports. Inside the CLI
 * and the compiled binary, `import … from "pormg"` in that file resolves to the running pormg
 * (see `provideModule` in `src/runtime/runtime.ts`). A file that is missing or fails to evaluate
 * is a `MODEL_INVALID` error (exit 78) naming the file and the reason.
 */
export async function importModule(file: string, shown = file): Promise<Record<string, unknown>> {
  if (!existsSync(file))
    throw new PormgError(
      "MODEL_INVALID",
      `${shown} does not exist; create it or set config.model_file in connection.yml`,
      {
        file,
      },
    );
  try {
    return { ...((await import(pathToFileURL(file).href)) as Record<string, unknown>) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PormgError("MODEL_INVALID", `${shown} failed to load: ${reason}`, { file, reason }, { cause: error });
  }
}
