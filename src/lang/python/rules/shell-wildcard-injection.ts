import { Cwe } from '../../../core/cwe.js';
import { definePythonRule } from '../rule.js';
import { SHELL_CALL_MENTIONS, shellCallOf } from './support/shell-calls.js';
import { shapeText, stringShape } from './support/string-parts.js';

/**
 * Commands with options that run programs or change what is touched, so a file named like
 * an option (`--checkpoint-action=exec=sh x.sh`, `--reference=…`, `-e sh x.sh`, `-rf`) turns a
 * glob into an attack. See the DefenseCode "Unix Wildcards Gone Wild" paper.
 */
const OPTION_SENSITIVE = new Set(['tar', 'chown', 'chgrp', 'chmod', 'rsync', 'zip', 'rm']);

/** Prefix commands that run the next word as the real command. */
const PREFIX_COMMANDS = new Set(['sudo', 'doas', 'nice', 'nohup', 'time', 'env', 'exec', 'command', 'timeout', 'ionice', 'stdbuf', 'builtin']);
/** Options of prefix commands that take a separate value. */
const PREFIX_OPTIONS_WITH_VALUE = new Set(['-u', '-g', '-n', '-c', '-p', '-C', '-s', '-k']);

/** Stands for a value only known at run time inside the command text. */
const HOLE = '\u0000';

type Params = { fn: string; command: string; word: string };

export const rule = definePythonRule<Params>({
  id: 'PY-SHELL-002',
  name: 'shell-wildcard-injection',
  title: 'Shell wildcard passed to a command that parses file names as options',
  cwe: Cwe.WildcardNeutralization,
  relatedCwe: [Cwe.ArgumentInjection],
  severity: 'high',
  confidence: 'medium',
  description:
    'A shell command line runs tar, chown, chgrp, chmod, rsync, zip or rm on an unquoted glob such as * or *.log, so the shell expands it to file names that the command reads as options.',
  explanation:
    'The shell replaces the glob with every matching file name before the command starts. Anyone who can create a file in that directory can name it like an option, for example "--checkpoint-action=exec=sh evil.sh" for tar, "--reference=owned" for chown/chmod or "-e sh evil.sh" for rsync, and so run commands or change files with the privileges of this process.',
  fix: 'End the options before the glob ("tar cf backup.tar -- *") or anchor it ("./*"), or build the file list in Python and pass an argument list without a shell: subprocess.run(["tar", "cf", "backup.tar", "--", *names]).',
  bandit: ['B609'],
  docs: {
    why: 'Glob expansion happens before the command parses its arguments, so a file name that starts with "-" is indistinguishable from an option. Upload, cache and temp directories are exactly where other users can choose file names.',
    bad: 'import os\n\ndef backup():\n    os.chdir("/srv/uploads")\n    os.system("tar czf /backups/uploads.tgz *")',
    good: 'import os\n\ndef backup():\n    os.chdir("/srv/uploads")\n    os.system("tar czf /backups/uploads.tgz -- *")',
    notDetected:
      'Only command text visible in the call (constants, f-strings, concatenation, .format) is parsed. File lists built in Python with glob.glob() and passed as separate arguments are not reported, although a name starting with "-" is just as dangerous there.',
    references: [
      'https://cwe.mitre.org/data/definitions/155.html',
      'https://www.exploit-db.com/papers/33930',
      'https://www.gnu.org/software/tar/manual/html_node/checkpoints.html',
    ],
  },
  message: ({ fn, command, word }) => `${fn}() runs ${command} on the unquoted glob ${word} in a shell, so file names starting with "-" become ${command} options`,
  visits: ['call'],
  fileMentions: SHELL_CALL_MENTIONS,
  check(ctx, call) {
    const shell = shellCallOf(ctx, call);
    if (!shell) return [];
    const text = shapeText(stringShape(ctx, shell.command), HOLE);
    for (const command of splitCommands(text)) {
      const hit = dangerousGlob(command);
      if (hit) return [ctx.report(call, { fn: shell.fn, command: hit.name, word: hit.word })];
    }
    return [];
  },
});

/** A shell word: its text and whether it starts with an unquoted glob character. */
interface Word {
  readonly text: string;
  readonly leadingGlob: boolean;
}

/** The first dangerous glob in one simple command, with the command's name. */
function dangerousGlob(words: readonly Word[]): { name: string; word: string } | undefined {
  const rest = skipPrefixes(words);
  const head = rest[0];
  if (!head) return undefined;
  const name = head.text.slice(head.text.lastIndexOf('/') + 1);
  if (!OPTION_SENSITIVE.has(name)) return undefined;
  for (const word of rest.slice(1)) {
    if (word.text === '--') return undefined;
    if (word.leadingGlob) return { name, word: word.text };
  }
  return undefined;
}

/** Drops variable assignments and prefixes such as sudo -u www-data or nice -n 10. */
function skipPrefixes(words: readonly Word[]): readonly Word[] {
  let i = 0;
  while (i < words.length) {
    const text = words[i]?.text ?? '';
    if (/^[A-Za-z_]\w*=/.test(text)) {
      i++;
    } else if (PREFIX_COMMANDS.has(text.slice(text.lastIndexOf('/') + 1))) {
      i++;
      while (i < words.length && (words[i]?.text ?? '').startsWith('-')) {
        i += PREFIX_OPTIONS_WITH_VALUE.has(words[i]?.text ?? '') ? 2 : 1;
      }
      if (text === 'timeout' && /^\d/.test(words[i]?.text ?? '')) i++;
    } else {
      break;
    }
  }
  return words.slice(i);
}

const COMMAND_SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`']);

/** Splits command text into simple commands made of words, honouring quotes and escapes. */
function splitCommands(text: string): Word[][] {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let current = '';
  let started = false;
  let leadingGlob = false;
  let quote: '' | "'" | '"' = '';
  const endWord = (): void => {
    if (started) words.push({ text: current, leadingGlob });
    current = '';
    started = false;
    leadingGlob = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') current += text[++i] ?? '';
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '\\') {
      current += text[++i] ?? '';
      started = true;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (COMMAND_SEPARATORS.has(c)) {
      endCommand();
    } else {
      if (!started && (c === '*' || c === '?' || c === '[')) leadingGlob = true;
      current += c;
      started = true;
    }
  }
  endCommand();
  return commands;
}
