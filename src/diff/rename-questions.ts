/**
 * The rename questions of: as data (a RenameQuestion, which a RenameResolver
 * decides), and as text, verbatim, with their answers and the errors around them — the command
 * line prints these texts and reads one line per question (`askingResolver`).
 */
import { PormgError } from "../core/errors.ts";
import type { RenameCandidate } from "./rename-candidates.ts";

/**
 * A RenameQuestion is one undecided rename, as data: a table (or, with `table`, a column of that
 * table under its new name) `created` in the models with no match in the database, and the
 * `deleted` ones of the database it may be renamed from, the likeliest first.
 */
export interface RenameQuestion {
  readonly table?: string;
  readonly created: string;
  readonly deleted: readonly RenameCandidate[];
}

/**
 * A RenameResolver decides rename questions: the `from` of one of the question's `deleted`
 * candidates when `created` is a rename of it, or null when `created` is new.
 */
export interface RenameResolver {
  decide(question: RenameQuestion): Promise<string | null>;
}

const list = (candidates: readonly RenameCandidate[]) =>
  candidates.map((c, i) => `${i + 1} - ${c.from} (${c.description})`).join(", ");

/** The first table question: is `table` new, or renamed from one of `candidates`? */
export function tableRenameQuestion(table: string, candidates: readonly RenameCandidate[]): string {
  return `The table ${table} has no match in the database. Is it a new table? Answer yes, or no / the number of the table it was renamed from: ${list(candidates)}: `;
}

/** The second table question, after a plain "no" to the first. */
export function tableRenameFollowUp(table: string, candidates: readonly RenameCandidate[]): string {
  return `Which table was ${table} renamed from? ${list(candidates)} — enter its number, or 'no' for a new table: `;
}

/** The column question: is `column` of `table` one of the vanished `candidates`? */
export function columnRenameQuestion(table: string, column: string, candidates: readonly RenameCandidate[]): string {
  return `Is the field "${column}" from table "${table}" the same as one of the following fields: ${list(candidates)}? If yes, please enter the corresponding number; otherwise, type 'no':`;
}

/** An answer to a rename question: a new object, a rename of a listed candidate, or (first table question) "ask again". */
export type RenameAnswer =
  | { readonly kind: "new" }
  | { readonly kind: "rename"; readonly from: string }
  | { readonly kind: "followUp" };

/** The error for an answer that is none of the accepted ones. */
export function invalidChoiceError(answer: string): PormgError {
  return new PormgError(
    "USAGE",
    `Invalid choice "${answer}" — answer yes, no, or one of the listed numbers; please try makemigrations again`,
    { answer },
  );
}

/** The error when input ends at a rename question. */
export function endOfInputError(): PormgError {
  return new PormgError(
    "RENAME_AMBIGUOUS",
    "makemigrations reached the end of input at a rename question, so there is no answer to read. Run it at a terminal, or pass --non-interactive with the renames named by --rename old=new (or renamedFrom in the models).",
  );
}

function numbered(answer: string, candidates: readonly RenameCandidate[]): RenameAnswer | undefined {
  if (!/^[0-9]+$/.test(answer)) return undefined;
  const chosen = candidates[Number(answer) - 1];
  return chosen ? { kind: "rename", from: chosen.from } : undefined;
}

/**
 * Reads an answer. `question` says which: `table` (yes/y → new, no/n → follow-up, a number → rename),
 * `followUp` and `column` (no/n → new, a number → rename). Anything else is {@link invalidChoiceError}.
 */
export function parseRenameAnswer(
  question: "table" | "followUp" | "column",
  raw: string,
  candidates: readonly RenameCandidate[],
): RenameAnswer {
  const answer = raw.trim().toLowerCase();
  const chosen = numbered(answer, candidates);
  if (chosen) return chosen;
  if (question === "table" && (answer === "yes" || answer === "y")) return { kind: "new" };
  if (answer === "no" || answer === "n") return question === "table" ? { kind: "followUp" } : { kind: "new" };
  throw invalidChoiceError(raw.trim());
}

/** The line of the fail-closed message (and `--json` candidate) for one candidate. */
export function candidateAdvice(c: RenameCandidate): string {
  if (c.kind === "table")
    return `table "${c.from}" → "${c.to}": pass --rename ${c.from}=${c.to} to rename, or --rename ${c.from}= to drop it`;
  return `column "${c.table}.${c.from}" → "${c.table}.${c.to}": pass --rename ${c.table}.${c.from}=${c.table}.${c.to} to rename, or --rename ${c.table}.${c.from}= to drop it`;
}

/**
 * The fail-closed error of a non-interactive plan that meets identical-definition pairs with no
 * hint: it lists each candidate with the hints that settle it; `details.candidates` lists them.
 */
export function renameAmbiguousError(candidates: readonly RenameCandidate[]): PormgError {
  const lines = candidates.map((c) => `  - ${candidateAdvice(c)}`).join("\n");
  return new PormgError(
    "RENAME_AMBIGUOUS",
    `makemigrations will not guess a rename. These look like one — the same definition under a new name:\n${lines}\nAdd the hints (--rename, or renamedFrom in the models) and run it again.`,
    {
      candidates: candidates.map((c) => ({
        kind: c.kind,
        ...(c.table !== undefined && { table: c.table }),
        from: c.from,
        to: c.to,
        rename: c.kind === "table" ? `${c.from}=${c.to}` : `${c.table}.${c.from}=${c.table}.${c.to}`,
        drop: c.kind === "table" ? `${c.from}=` : `${c.table}.${c.from}=`,
      })),
    },
  );
}

/**
 * The RenameResolver of a person: puts each question to them as its text (`ask` returns the answer
 * line, or undefined at the end of input) and reads the answer — on a table, a plain "no" leads to
 * the follow-up question. End of input is {@link endOfInputError}; an answer that is none of the
 * accepted ones, {@link invalidChoiceError}.
 */
export function askingResolver(ask: (question: string) => Promise<string | undefined>): RenameResolver {
  const answer = async (question: string) => {
    const line = await ask(question);
    if (line === undefined) throw endOfInputError();
    return line;
  };
  return {
    async decide({ table, created, deleted }) {
      let reply: RenameAnswer;
      if (table !== undefined)
        reply = parseRenameAnswer("column", await answer(columnRenameQuestion(table, created, deleted)), deleted);
      else {
        reply = parseRenameAnswer("table", await answer(tableRenameQuestion(created, deleted)), deleted);
        if (reply.kind === "followUp")
          reply = parseRenameAnswer("followUp", await answer(tableRenameFollowUp(created, deleted)), deleted);
      }
      return reply.kind === "rename" ? reply.from : null;
    },
  };
}
