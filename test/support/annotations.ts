/** Inline expectations in fixture files (Semgrep-style): see STYLE.md section 4. */
export type AnnotationKind = 'expect' | 'ok' | 'todo-expect';

export interface Annotation {
  readonly kind: AnnotationKind;
  readonly ruleId: string;
  /** The 1-based line the annotation applies to. */
  readonly line: number;
  /** The line the annotation comment itself is on (for error messages). */
  readonly annotationLine: number;
}

export interface FixtureHeader {
  /** Logical path used for context classification, e.g. `tests/test_api.py`. */
  readonly path?: string;
}

const ANNOTATION = /(?:#|\/\/)\s*(expect|ok|todo-expect):\s*([A-Z][A-Z0-9-]*(?:\s*,\s*[A-Z][A-Z0-9-]*)*)/g;
const HEADER = /^(?:#|\/\/)\s*secreview-fixture:\s*path=(\S+)/;

/**
 * Finds the annotations of a fixture. A trailing comment applies to its own line; a comment
 * alone on a line applies to the next line that holds code (not blank, not another comment).
 */
export function parseAnnotations(text: string): { annotations: Annotation[]; header: FixtureHeader } {
  const lines = text.split(/\r\n|\r|\n/);
  const annotations: Annotation[] = [];
  let header: FixtureHeader = {};
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const headerMatch = HEADER.exec(raw.trim());
    if (headerMatch?.[1]) header = { path: headerMatch[1] };
    for (const match of raw.matchAll(ANNOTATION)) {
      const kind = match[1] as AnnotationKind;
      const ids = (match[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const standalone = raw.trim().startsWith('#') || raw.trim().startsWith('//');
      const target = standalone ? nextCodeLine(lines, index) : lineNo;
      for (const ruleId of ids) annotations.push({ kind, ruleId, line: target, annotationLine: lineNo });
    }
  });
  return { annotations, header };
}

function nextCodeLine(lines: readonly string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t !== '' && !t.startsWith('#') && !t.startsWith('//')) return i + 1;
  }
  return from + 1;
}
