import type { SyntaxNode as Node } from '../lang/syntax-tree.js';
import type { SinkKind, Taint } from './taint.js';

/** Tainted data reaching a sensitive operation. */
export interface SinkHit {
  readonly kind: SinkKind;
  /** The sink call (or store statement). */
  readonly node: Node;
  /** The expression holding the sensitive value. */
  readonly target: Node;
  /** Flows that reach it without a sanitizer for `kind`; the last step is the sink. */
  readonly flows: Taint;
  /** How to call the operation in a message: `cur.execute`, `os.system`. */
  readonly label: string;
}

/** Stable identity of a hit location, across re-analysis. */
export function hitKey(hit: Pick<SinkHit, 'kind' | 'node' | 'target'>): string {
  return `${hit.kind}:${hit.node.id}:${hit.target.id}`;
}

/** A sink the engine saw that untrusted data does not reach, and why (for the "Considered" notes). */
export interface SafeSink {
  readonly kind: SinkHit['kind'];
  readonly node: Node;
  readonly label: string;
  readonly why: 'constant' | 'sanitized' | 'no untrusted data';
}
