import { cweEntry, cweNumber, isKnownCwe } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import type { CodeContext, Finding } from '../core/finding.js';
import type { AnalysisNote, ContextRegion, FileAnalysis, SourceFile } from '../core/language.js';
import type { ConsideredItem, HiddenFinding, HiddenReason } from '../core/result.js';
import { policyFor } from './context-stage.js';

/** What the builder knows about one reviewed file besides its findings. */
export interface ConsideredFile {
  readonly file: string;
  /** The file's context (after content signals) and why. */
  readonly context: CodeContext;
  readonly contextReason: string;
  readonly notes: readonly AnalysisNote[];
  /** Test classes and functions inside a file that is otherwise not test code. */
  readonly regions?: readonly ContextRegion[];
}

/** Everything the "Considered" section is built from. */
export interface ConsideredInput {
  readonly files: readonly ConsideredFile[];
  /** The findings in the report (demoted ones included when they are shown). */
  readonly findings: readonly Finding[];
  /** Findings that stages took out of the report. */
  readonly hidden?: readonly HiddenFinding[];
}

/** Short names of the weakness classes, as a reviewer says them; the catalog name otherwise. */
const SHORT_TITLES: ReadonlyMap<CweId, string> = new Map<CweId, string>([
  ['CWE-22', 'Path traversal'], ['CWE-73', 'File name from outside'], ['CWE-77', 'Command injection'],
  ['CWE-78', 'OS command injection'], ['CWE-79', 'Cross-site scripting'], ['CWE-88', 'Argument injection'],
  ['CWE-89', 'SQL injection'], ['CWE-90', 'LDAP injection'], ['CWE-94', 'Code injection'], ['CWE-95', 'Eval injection'],
  ['CWE-113', 'HTTP header injection'], ['CWE-117', 'Log injection'], ['CWE-259', 'Hard-coded password'],
  ['CWE-295', 'Certificate validation'], ['CWE-297', 'Host name validation'], ['CWE-321', 'Hard-coded key'],
  ['CWE-326', 'Encryption strength'], ['CWE-327', 'Broken or risky cryptography'], ['CWE-328', 'Weak hash'],
  ['CWE-330', 'Predictable random values'], ['CWE-338', 'Weak random generator'], ['CWE-377', 'Insecure temporary file'],
  ['CWE-390', 'Swallowed errors'], ['CWE-400', 'Unbounded waits'], ['CWE-489', 'Debug code'],
  ['CWE-501', 'Trust boundary'], ['CWE-502', 'Unsafe deserialization'], ['CWE-532', 'Secrets in logs'],
  ['CWE-601', 'Open redirect'], ['CWE-605', 'Bind to all interfaces'], ['CWE-611', 'XML external entities'],
  ['CWE-617', 'Reachable assertion'], ['CWE-643', 'XPath injection'], ['CWE-703', 'Exceptional conditions'],
  ['CWE-732', 'File permissions'], ['CWE-798', 'Hard-coded credentials'], ['CWE-829', 'Untrusted code inclusion'],
  ['CWE-918', 'Server-side request forgery'], ['CWE-1336', 'Template injection'],
]);

/** The short title of a weakness class. */
export function consideredTitle(cwe: CweId): string {
  return SHORT_TITLES.get(cwe) ?? (isKnownCwe(cwe) ? cweEntry(cwe).name : cwe);
}

const HIDDEN_LABELS: Readonly<Record<Exclude<HiddenReason, 'test-context'>, string>> = {
  suppressed: 'suppressed by a comment',
  baseline: 'already in the baseline',
  'outside-change': 'outside the reviewed change',
  config: 'turned off by configuration',
};

/** A part of a conclusion: a phrase that already cites its lines, and those lines. */
interface Part {
  readonly text: string;
  readonly lines: readonly number[];
}

/**
 * Builds the "Considered" section: for each file and each weakness class a rule looked at
 * (a finding, a demoted or hidden finding, or a note about a safe candidate), one sentence
 * and the lines it rests on. Classes nothing in the code touched get no line. Pure: the same
 * input always gives the same items, in file order, defects first, then by CWE number.
 */
export function buildConsidered(input: ConsideredInput): ConsideredItem[] {
  return input.files.flatMap((file) => itemsForFile(file, input));
}

/** What one file holds for one weakness class. */
interface Evidence {
  readonly cwe: CweId;
  readonly defects: readonly Finding[];
  /** Findings demoted as test-only, whether hidden or shown as information. */
  readonly demoted: readonly Finding[];
  readonly otherHidden: readonly HiddenFinding[];
  readonly notes: readonly AnalysisNote[];
}

function itemsForFile(file: ConsideredFile, input: ConsideredInput): ConsideredItem[] {
  const findings = input.findings.filter((f) => f.file === file.file);
  const hidden = (input.hidden ?? []).filter((h) => h.finding.file === file.file);
  const cwes = new Set<CweId>([...findings.map((f) => f.cwe), ...hidden.map((h) => h.finding.cwe), ...file.notes.map((n) => n.cwe)]);
  const evidence: Evidence[] = [...cwes].map((cwe) => ({
    cwe,
    defects: findings.filter((f) => f.cwe === cwe && f.demoted === undefined),
    demoted: [
      ...findings.filter((f) => f.cwe === cwe && f.demoted !== undefined),
      ...hidden.filter((h) => h.finding.cwe === cwe && h.reason === 'test-context').map((h) => h.finding),
    ],
    otherHidden: hidden.filter((h) => h.finding.cwe === cwe && h.reason !== 'test-context'),
    notes: file.notes.filter((n) => n.cwe === cwe),
  }));
  evidence.sort((a, b) => Number(b.defects.length > 0) - Number(a.defects.length > 0) || cweNumber(a.cwe) - cweNumber(b.cwe));
  // Why the file counts as test code is said once, in the first line that relies on it.
  let reasonGiven = false;
  return evidence.map((e) => {
    const demoted = demotedParts(e.demoted, file, !reasonGiven);
    reasonGiven ||= demoted.length > 0;
    return toItem(file.file, e.cwe, [...defectParts(e.defects), ...demoted, ...hiddenParts(e.otherHidden), ...noteParts(e.notes)]);
  });
}

function toItem(file: string, cwe: CweId, parts: readonly Part[]): ConsideredItem {
  const sentence = parts.map((p) => p.text).join('; ');
  const lines = [...new Set(parts.flatMap((p) => p.lines))].sort((a, b) => a - b);
  return { file, cwe, title: consideredTitle(cwe), conclusion: `${capitalize(sentence)}.`, lines };
}

function defectParts(defects: readonly Finding[]): Part[] {
  if (defects.length === 0) return [];
  const rules = [...new Set(defects.map((f) => f.ruleId))].sort();
  const lines = linesOf(defects.map((f) => f.line));
  return [{ text: `reported as a defect (${rules.join(', ')} at ${formatLines(lines)})`, lines }];
}

/** Demoted findings, grouped by why they cannot reach production. */
function demotedParts(demoted: readonly Finding[], file: ConsideredFile, giveReason: boolean): Part[] {
  const groups = new Map<string, number[]>();
  for (const finding of demoted) {
    const why = policyFor(finding)?.why ?? 'it cannot reach production';
    const phrase = `in ${contextPhrase(finding, file, giveReason)}, ${why}`;
    groups.set(phrase, [...(groups.get(phrase) ?? []), finding.line]);
  }
  return [...groups].map(([phrase, found]) => {
    const lines = linesOf(found);
    return { text: `${phrase} (not a defect at ${formatLines(lines)})`, lines };
  });
}

/** "test code (path under tests/)", or the test function a line of a production file sits in. */
function contextPhrase(finding: Finding, file: ConsideredFile, giveReason: boolean): string {
  const label = finding.context === 'migration' ? 'a migration' : `${finding.context} code`;
  if (finding.context === file.context) return giveReason ? `${label} (${file.contextReason})` : label;
  const region = file.regions?.find((r) => r.startLine <= finding.line && finding.line <= r.endLine);
  return region ? `${label} (${region.reason})` : label;
}

function hiddenParts(hidden: readonly HiddenFinding[]): Part[] {
  const groups = new Map<string, number[]>();
  for (const h of hidden) {
    if (h.reason === 'test-context') continue;
    const phrase = HIDDEN_LABELS[h.reason];
    groups.set(phrase, [...(groups.get(phrase) ?? []), h.finding.line]);
  }
  return [...groups].map(([phrase, found]) => {
    const lines = linesOf(found);
    return { text: `a candidate ${phrase} (not reported at ${formatLines(lines)})`, lines };
  });
}

/** Notes with the same conclusion become one part citing every subject and line. */
function noteParts(notes: readonly AnalysisNote[]): Part[] {
  const groups = new Map<string, { subjects: string[]; lines: number[] }>();
  for (const note of notes) {
    const group = groups.get(note.conclusion) ?? { subjects: [], lines: [] };
    if (note.subject !== undefined && !group.subjects.includes(note.subject)) group.subjects.push(note.subject);
    group.lines.push(note.line);
    groups.set(note.conclusion, group);
  }
  return [...groups].map(([conclusion, group]) => {
    const lines = linesOf(group.lines);
    const where = group.subjects.length > 0 ? `${formatSubjects(group.subjects)} at ${formatLines(lines)}` : formatLines(lines);
    return { text: `${conclusion} (${where})`, lines };
  });
}

const MAX_SUBJECTS = 3;

function formatSubjects(subjects: readonly string[]): string {
  const shown = subjects.slice(0, MAX_SUBJECTS).join(', ');
  return subjects.length > MAX_SUBJECTS ? `${shown} and ${subjects.length - MAX_SUBJECTS} more` : shown;
}

function linesOf(lines: readonly number[]): number[] {
  return [...new Set(lines)].sort((a, b) => a - b);
}

const MAX_LINE_RUNS = 8;

/**
 * `line 12`, `lines 12, 30`, `lines 13–18, 40`: consecutive lines (three or more) become a
 * range, and a long list is cut with a count of what was left out.
 */
export function formatLines(lines: readonly number[]): string {
  const sorted = linesOf(lines);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const start = sorted[i] ?? 0;
    const end = sorted[j] ?? 0;
    if (j - i >= 2) runs.push(`${start}–${end}`);
    else runs.push(...sorted.slice(i, j + 1).map(String));
    i = j + 1;
  }
  const shown = runs.slice(0, MAX_LINE_RUNS).join(', ');
  const rest = runs.length > MAX_LINE_RUNS ? ` and ${runs.length - MAX_LINE_RUNS} more` : '';
  return `${sorted.length === 1 ? 'line' : 'lines'} ${shown}${rest}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the builder needs from one analysed file: its context (the front-end's content signals
 * win over the path), the reason for it, its notes and its test regions.
 */
export function consideredFileOf(source: SourceFile, analysis: FileAnalysis, pathReason: string): ConsideredFile {
  return {
    file: source.path,
    context: analysis.context?.context ?? source.context,
    contextReason: analysis.context?.reason ?? pathReason,
    notes: analysis.notes ?? [],
    ...(analysis.regions ? { regions: analysis.regions } : {}),
  };
}
