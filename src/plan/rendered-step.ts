/**
 * A RenderedStep is one step as a dialect renderer produces it, before `renderOperations` adds what
 * every step shares (the lossy-based destructive flag and `transactional`).
 */
export interface RenderedStep {
  readonly label: string;
  /** Statements each ending with `;`, joined with LF. */
  readonly sql: string;
  /** Destructive by its kind of operation (a drop, a rebuild). */
  readonly destructive: boolean;
  readonly rebuild?: { readonly table: string };
}
