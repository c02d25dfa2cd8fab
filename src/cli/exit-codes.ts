/** Process exit codes; defined here and nowhere else. */
export const ExitCode = {
  /** Nothing at or above the --fail-on threshold. */
  Clean: 0,
  /** Findings at or above the threshold. */
  Findings: 1,
  /** Bad usage, or a fatal error that stopped the review. */
  Error: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
