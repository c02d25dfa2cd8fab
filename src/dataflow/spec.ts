import type { Confidence } from '../core/finding.js';
import type { SinkKind, SourceKind } from './taint.js';

/**
 * Where untrusted data enters. Exactly one of `attribute`, `call` or `method` is set:
 * - `attribute`: reading this qualified name or anything below it (`flask.request.args`,
 *   `flask.request.args.get`, `flask.request.args["q"]`) yields tainted data;
 * - `call`: the result of calling this qualified function is tainted (`input`);
 * - `method`: the result of calling one of these methods on a value created by one of the
 *   `receiverOrigins` calls is tainted (`recv` on a `socket.socket`).
 */
export interface SourceSpec {
  readonly attribute?: string;
  readonly call?: string;
  readonly method?: { readonly names: readonly string[]; readonly receiverOrigins: readonly string[] };
  readonly kind: SourceKind;
  readonly label: string;
  readonly confidence: Confidence;
}

/** Which part of a call is the sensitive value. */
export type SinkTarget =
  /** A positional argument, or the same parameter given by keyword. */
  | { readonly arg: number; readonly keyword?: string }
  /** Only a keyword argument. */
  | { readonly keyword: string }
  /** The object the method is called on (`path.unlink()` on a tainted `Path`). */
  | { readonly receiver: true }
  /** The program run by an exec-style call: the argument if a string, else the list's first element. */
  | { readonly executable: number }
  /** Every argument (positional and keyword). */
  | { readonly all: true };

/**
 * A sensitive operation. `call` matches qualified names (through import aliases); `method`
 * matches method names on any receiver, optionally only on receivers created by
 * `receiverOrigins` or whose dotted name ends with one of `receiverSuffixes` (`objects`).
 */
export interface SinkSpec {
  readonly kind: SinkKind;
  readonly call?: readonly string[];
  readonly method?: readonly string[];
  readonly receiverOrigins?: readonly string[];
  readonly receiverSuffixes?: readonly string[];
  readonly targets: readonly SinkTarget[];
  /** Only when this keyword is true or not a constant (subprocess `shell`). */
  readonly whenKeywordTruthy?: string;
  /** Only when this keyword is absent or a constant false (subprocess without a shell). */
  readonly unlessKeywordTruthy?: string;
  /** Human name of the operation for messages, e.g. `cursor.execute`. */
  readonly label?: string;
  /** Method sinks: also on receivers of unknown origin in files that import this module. */
  readonly whenImported?: string;
  /** Keywords giving a content type; a constant non-HTML type makes the response safe from XSS. */
  readonly contentTypeKeywords?: readonly string[];
}

/** Assignments into a sensitive container: `session[k] = v`, `response.headers["Location"] = v`. */
export interface StoreSinkSpec {
  readonly kind: SinkKind;
  /** Qualified name of the container (`flask.session`). */
  readonly container?: string;
  /** Attribute name of the container on any object (`headers`). */
  readonly attribute?: string;
  /** Containers created by one of these calls (`r = HttpResponse(...)`; `r["X-A"] = v`). */
  readonly containerOrigins?: readonly string[];
  /** Only for these constant keys (case-insensitive); all keys when absent. */
  readonly keys?: readonly string[];
  /** Only in files that import this module. */
  readonly whenImported?: string;
  readonly label: string;
}

/** A call whose result is clean for some sink kinds (`shlex.quote` for commands). */
export interface SanitizerSpec {
  readonly call?: readonly string[];
  readonly method?: readonly string[];
  readonly cleans: readonly SinkKind[] | 'all';
}

/** Sources, sinks and sanitizers of one framework or library. */
export interface FrameworkSpec {
  readonly name: string;
  readonly sources?: readonly SourceSpec[];
  readonly sinks?: readonly SinkSpec[];
  readonly stores?: readonly StoreSinkSpec[];
  readonly sanitizers?: readonly SanitizerSpec[];
  /**
   * Decorators (qualified names or method names on app/router objects) marking web handlers,
   * whose parameters are filled from the request.
   */
  readonly handlerDecorators?: readonly { readonly call?: string; readonly method?: readonly string[]; readonly receiverOrigins?: readonly string[] }[];
}
