import type { ReviewProgress } from '../review/executor/index.js';

/** Where a progress bar draws, and what it needs to know about the terminal and the time. */
export interface ProgressTerminal {
  readonly write: (text: string) => void;
  /** Milliseconds on any steady scale; tests pass a fake clock. */
  readonly now: () => number;
  /** The terminal's width, when known. */
  readonly columns?: number;
}

/** The bar stays hidden for runs shorter than this: a quick review should not flicker. */
const SHOW_AFTER_MS = 500;
/** Redrawing more often than this only costs time (a worker finishes many small files a second). */
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;
// Carriage return, then erase the whole line: the next draw (or the report) starts clean.
const CLEAR_LINE = '\r\u001b[2K';

/**
 * A one-line progress bar that redraws itself in place; call the returned function with each
 * report of progress. While the review reads every module's imports it says so with a count;
 * while files are analysed it shows files done/total, files per second and the time left,
 * measured from the start of that phase (the imports are read many times faster, and counting
 * that time would make the first estimates run long). It shows only once the run has lasted a
 * moment, redraws at most ten times a second, and erases itself when the last file is done, so
 * a report written after it starts on a clean line.
 *
 * Why the width matters: a line longer than the terminal wraps, and a carriage return then
 * goes back to the start of the last screen line only, leaving a copy of the line above on every
 * redraw. The line drops the bar, then its end, to fit.
 */
export function progressBar(terminal: ProgressTerminal): (progress: ReviewProgress) => void {
  const started = terminal.now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let shown = false;
  let phase: ReviewProgress['phase'] | undefined;
  let phaseStarted = started;
  return ({ phase: current, done, total }) => {
    const now = terminal.now();
    if (current !== phase) {
      phase = current;
      phaseStarted = now;
      // The new phase's first line is drawn at once, not up to 100 ms later.
      lastDraw = Number.NEGATIVE_INFINITY;
    }
    if (current === 'review' && done >= total) {
      if (shown) terminal.write(CLEAR_LINE);
      shown = false;
      return;
    }
    if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_EVERY_MS) return;
    lastDraw = now;
    shown = true;
    const line = current === 'scan' ? scanLine(done, total, terminal.columns) : progressLine(done, total, (now - phaseStarted) / 1000, terminal.columns);
    terminal.write(CLEAR_LINE + line);
  };
}

/** The line while imports are read: a count, no rate (this phase is short). */
export function scanLine(done: number, total: number, columns?: number): string {
  return fit(`secreview: reading imports, ${done}/${total} files`, columns);
}

/** The text of one progress line of the review phase, cut to `columns`. */
export function progressLine(done: number, total: number, elapsedSeconds: number, columns?: number): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const left = rate > 0 ? `ETA ${formatDuration((total - done) / rate)}` : 'ETA --';
  const counts = `${done}/${total} files · ${formatRate(rate)} · ${left}`;
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : 0;
  const full = `secreview [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${counts}`;
  if (columns === undefined || full.length < columns) return full;
  return fit(`secreview ${counts}`, columns);
}

/** `line`, or its start when it would not fit (one column short: writing the last one moves some terminals to the next line). */
function fit(line: string, columns?: number): string {
  return columns === undefined || line.length < columns ? line : line.slice(0, Math.max(0, columns - 1));
}

/** Files per second: whole numbers once there are ten or more, else one decimal. */
function formatRate(rate: number): string {
  return `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/s`;
}

/** `45s`, `2m05s`, `1h03m`: rounded up, since a countdown that reaches 0s early reads as stuck. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.ceil(whole / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
