/** What the bench reports of one configuration's timed runs. */
export interface TimeSummary {
  /** The fastest run: the least disturbed by other work on the machine. */
  readonly best: number;
  /**
   * The middle run (the mean of the middle two for an even count). On a shared machine one
   * lucky or unlucky round can move a ratio of best times by a tenth; the median is the check.
   */
  readonly median: number;
  /** How much slower the slowest run was than the fastest, as a fraction of the fastest. */
  readonly spread: number;
}

/** Summarizes the times (seconds) of one configuration's runs; at least one is needed. */
export function summarizeTimes(times: readonly number[]): TimeSummary {
  if (times.length === 0) throw new Error('summarizeTimes: no runs');
  const sorted = [...times].sort((a, b) => a - b);
  const best = sorted[0] as number;
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { best, median, spread: ((sorted.at(-1) as number) - best) / best };
}
