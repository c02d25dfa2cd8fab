import { Cwe } from '../../../core/cwe.js';
import { definePythonRule, lastNamesOf } from '../rule.js';

/** Functions that return a temporary *name* without creating the file. */
const NAME_ONLY = new Set(['tempfile.mktemp', 'os.tempnam', 'os.tmpnam']);
/** tempfile functions that create the file (or directory) atomically with private permissions. */
const SAFE_CREATORS = new Set([
  'tempfile.mkstemp', 'tempfile.mkdtemp', 'tempfile.NamedTemporaryFile', 'tempfile.TemporaryFile',
  'tempfile.SpooledTemporaryFile', 'tempfile.TemporaryDirectory',
]);

export const rule = definePythonRule<{ fn: string }>({
  id: 'PY-TMP-001',
  name: 'insecure-temp-file',
  title: 'Temporary file name created without the file (mktemp race)',
  cwe: Cwe.InsecureTempFile,
  relatedCwe: [Cwe.Toctou],
  severity: 'medium',
  confidence: 'high',
  description: 'tempfile.mktemp(), os.tempnam() or os.tmpnam() returns a path that nobody owns yet.',
  explanation:
    'Between the moment the name is chosen and the moment the program opens it, another local user can create a file or symlink with that name, so the program writes into a file the attacker controls or clobbers a file the attacker points it at.',
  fix: 'Create the file atomically: tempfile.NamedTemporaryFile(delete=False), tempfile.mkstemp() or, for a directory, tempfile.mkdtemp() / TemporaryDirectory().',
  bandit: ['B306', 'B325'],
  docs: {
    why: 'Predictable or unreserved temporary names in shared directories such as /tmp are a long-standing local privilege-escalation and data-tampering vector; the Python docs deprecate mktemp() for this reason.',
    bad: 'import tempfile\npath = tempfile.mktemp(suffix=".csv")\nwith open(path, "w") as f:\n    f.write(report)',
    good: 'import tempfile\nwith tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:\n    f.write(report)',
    notDetected: 'Hand-built names in /tmp (for example "/tmp/" + name) are not reported by this rule.',
    references: [
      'https://cwe.mitre.org/data/definitions/377.html',
      'https://docs.python.org/3/library/tempfile.html#tempfile.mktemp',
    ],
  },
  message: ({ fn }) => `${fn}() returns a temporary file name without creating the file, which another user can claim first`,
  visits: ['call'],
  callees: lastNamesOf(NAME_ONLY, SAFE_CREATORS),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (name !== undefined && SAFE_CREATORS.has(name)) ctx.note(call, 'creates the file or directory itself, so no other user can claim the name', name);
    return name !== undefined && NAME_ONLY.has(name) ? [ctx.report(call, { fn: name })] : [];
  },
});
