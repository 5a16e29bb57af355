/** Exit codes (data.md "Errors"); 4 is ours: an internal check failed, e.g. Σ paid ≠ Σ received (R9). */
export const EXIT = {
  OK: 0,
  INVALID_INPUT: 1,
  USAGE: 2,
  INCOMPLETE: 3,
  INTERNAL: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands for a wrong invocation (bad option value, output conflict). */
export class UsageError extends Error {}

/** Thrown when a computed invariant fails: a bug, never a data problem. */
export class InvariantError extends Error {}

/** The exit code of the command that ran, set by its action (read by main()). */
export const runState: { code: number } = { code: EXIT.OK };
