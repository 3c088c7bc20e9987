/**
 * The query text of `pormg inspect` and the dashboard's inspection pane:
 * `Result race__year=2024 driver__surname__@icontains=ham` — a model's export name, then
 * `key=value` filters that must all match. Values are typed:
 * - `2024` and `-3` are integers, `19.99` a decimal (written exactly as JavaScript prints it; `1.50`
 *   and `007` stay text), `true`/`false` booleans, `null` is NULL (`key=null` means IS NULL);
 * - `"a b"` or `'a b'` is text (quotes also force text: `code="2024"`); anything else is text as written;
 * - `@in`/`@nin` take a comma list (`id__@in=1,2,"x,y"`), `@range` takes `low..high` or `low,high`.
 * Numbers and booleans compared with a text field become text (`PostalCode=12345` is `'12345'`).
 */
import { PormgError } from "../core/errors.ts";
import { catalogFor, type ModelsSource, query } from "./bind-models.ts";
import { catalogModel, isTextKind } from "./catalog.ts";
import type { Scalar } from "./lookups.ts";
import { resolvePath } from "./paths.ts";
import type { QueryDialect } from "./query-hooks.ts";
import type { QuerySet } from "./query-set.ts";

/** InspectText is parsed query text: the model's export name and its filters. */
export interface InspectText {
  readonly model: string;
  readonly filters: Readonly<Record<string, unknown>>;
}

const EXAMPLE = 'e.g. Result race__year=2024 driver__surname__@icontains=ham name="Lewis Hamilton"';

/** Splits text at whitespace outside quotes; quotes stay in the tokens. */
export function tokenizeInspectText(text: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      current += c;
      if (c === "\\" && quote === '"' && i + 1 < text.length) current += text[++i];
      else if (c === quote) quote = undefined;
    } else if (/\s/.test(c)) {
      if (started) tokens.push(current);
      current = "";
      started = false;
    } else {
      if (c === '"' || c === "'") quote = c;
      current += c;
      started = true;
    }
  }
  if (quote) throw new PormgError("USAGE", `Unterminated ${quote} quote in "${text}". Close it: ${EXAMPLE}.`, { text });
  if (started) tokens.push(current);
  return tokens;
}

function unquote(item: string): string | undefined {
  const q = item[0];
  if ((q !== '"' && q !== "'") || item.length < 2 || item.at(-1) !== q) return undefined;
  const inner = item.slice(1, -1);
  return q === '"' ? inner.replace(/\\(.)/g, "$1") : inner;
}

/** Types one value as the module comment describes. */
export function typeInspectValue(item: string): Scalar {
  const quoted = unquote(item);
  if (quoted !== undefined) return quoted;
  const lower = item.toLowerCase();
  if (lower === "null") return null;
  if (lower === "true" || lower === "false") return lower === "true";
  if (/^-?\d+(\.\d+)?$/.test(item)) {
    const n = Number(item);
    if (String(n) === item && (Number.isSafeInteger(n) || item.includes("."))) return n;
  }
  return item;
}

/** Splits at commas outside quotes. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\" && quote === '"') current += c + (text[++i] ?? "");
      else current += c;
      if (c === quote) quote = undefined;
    } else if (c === ",") {
      items.push(current);
      current = "";
    } else {
      if (c === '"' || c === "'") quote = c;
      current += c;
    }
  }
  items.push(current);
  return items;
}

function parseValue(key: string, raw: string): unknown {
  const lookup = key.split("__").at(-1)?.replace(/^@/, "");
  if (lookup === "in" || lookup === "nin") return raw === "" ? [] : splitList(raw).map(typeInspectValue);
  if (lookup === "range") {
    const parts = unquote(raw) === undefined && raw.includes("..") ? raw.split("..") : splitList(raw);
    if (parts.length !== 2)
      throw new PormgError("USAGE", `Filter "${key}": write a range as low..high or low,high (e.g. 2010..2020).`, {
        key,
      });
    return parts.map(typeInspectValue);
  }
  return typeInspectValue(raw);
}

/** Parses tokens already split (a model name, then `key=value` each), as the CLI receives several arguments. */
export function parseInspectArgs(tokens: readonly string[]): InspectText {
  const [model, ...terms] = tokens;
  if (model === undefined || model === "" || model.includes("="))
    throw new PormgError("USAGE", `Start the query with a model name, then key=value filters: ${EXAMPLE}.`, {});
  const filters: Record<string, unknown> = {};
  for (const term of terms) {
    const at = term.indexOf("=");
    if (at <= 0)
      throw new PormgError("USAGE", `"${term}" is not a key=value filter. Write filters as key=value: ${EXAMPLE}.`, {
        term,
      });
    const key = term.slice(0, at);
    if (Object.hasOwn(filters, key))
      throw new PormgError(
        "USAGE",
        `Filter "${key}" is given twice. Give each key once (use @in for several values).`,
        {
          key,
        },
      );
    filters[key] = parseValue(key, term.slice(at + 1));
  }
  return { model, filters };
}

/** Parses query text such as `"Result race__year=2024 driver__surname__@icontains=ham"` (see the module comment). */
export function parseInspectText(text: string): InspectText {
  return parseInspectArgs(tokenizeInspectText(text));
}

function asText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asText);
  return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}

/**
 * The QuerySet parsed query text describes, on `models` for `dialect`: the model's filters, with
 * numbers and booleans given to text fields turned into text. Unknown models and keys fail listing the choices.
 */
export function queryFromInspectText(
  parsed: InspectText | string,
  models: ModelsSource,
  dialect: QueryDialect,
): QuerySet {
  const { model, filters } = typeof parsed === "string" ? parseInspectText(parsed) : parsed;
  const catalog = catalogFor(models, dialect);
  const root = catalogModel(catalog, model);
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    const path = resolvePath(catalog, root, key, true);
    typed[key] = isTextKind(path.field.kind) && path.lookup !== "isnull" ? asText(value) : value;
  }
  return query(model, models, dialect).filter(typed);
}
