/**
 * The words of an OS command as far as the code shows them: list arguments element by
 * element, shell strings split at whitespace and shell operators. Words that are computed at
 * run time are `undefined`, so rules can match fixed words (`sudo`, `--privileged`) without
 * guessing about the rest.
 */
import { callArguments, calleeLastName, calleeObject, namedChildrenOf, unwrapParens } from '../../ast.js';
import { stringLiteralValue } from '../../constants.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';

/** What these helpers read from a rule's context; leaving out `report` lets any rule pass its own. */
type AnyCtx = Omit<PythonRuleContext<MessageParams>, 'report'>;

/** A command word: its text, or undefined when computed at run time. */
export type CommandWord = string | undefined;

/** Process-running calls → which positional argument holds the command ('all' = every positional). */
export const COMMAND_CALLS: ReadonlyMap<string, number | 'all'> = new Map<string, number | 'all'>([
  ['subprocess.run', 0], ['subprocess.call', 0], ['subprocess.check_call', 0], ['subprocess.check_output', 0],
  ['subprocess.Popen', 0], ['subprocess.getoutput', 0], ['subprocess.getstatusoutput', 0],
  ['os.system', 0], ['os.popen', 0], ['os.execv', 1], ['os.execvp', 1], ['os.execve', 1], ['os.execvpe', 1],
  ['os.spawnv', 2], ['os.spawnvp', 2], ['os.spawnl', 'all'], ['os.spawnlp', 'all'], ['os.execl', 'all'], ['os.execlp', 'all'],
  ['asyncio.create_subprocess_shell', 0], ['asyncio.create_subprocess_exec', 'all'],
  ['pexpect.spawn', 0], ['pexpect.run', 0], ['commands.getoutput', 0],
]);

const PLACEHOLDER = '\u0000';
const MAX_DEPTH = 6;

/** The command a process-running call executes, with its words; undefined for other calls. */
export function commandOf(ctx: AnyCtx, call: Node): { fn: string; words: CommandWord[] } | undefined {
  const fn = ctx.callName(call);
  const position = fn === undefined ? undefined : COMMAND_CALLS.get(fn);
  if (fn === undefined || position === undefined) return undefined;
  const { positional, keywords } = callArguments(call);
  if (position === 'all') return { fn, words: positional.flatMap((arg) => wordsOf(ctx, arg, 0)) };
  const command = keywords.get('args') ?? keywords.get('cmd') ?? keywords.get('command') ?? positional[position];
  return command ? { fn, words: wordsOf(ctx, command, 0) } : undefined;
}

/** The words of a command expression: a list, a shell string, or a name bound once to one. */
export function wordsOf(ctx: AnyCtx, node: Node, depth: number): CommandWord[] {
  if (depth > MAX_DEPTH) return [undefined];
  const n = unwrapParens(node);
  if (n.type === 'list' || n.type === 'tuple') return namedChildrenOf(n).map((item) => ctx.constants.stringValue(item));
  if (n.type === 'identifier') {
    const bound = ctx.assignedValue(n);
    return bound ? wordsOf(ctx, bound, depth + 1) : [undefined];
  }
  if (n.type === 'call') {
    // shlex.split("…") and " ".join([...]) keep the words they are given.
    const [first] = callArguments(n).positional;
    if (first && ctx.callName(n) === 'shlex.split') return wordsOf(ctx, first, depth + 1);
    if (first && calleeLastName(n) === 'join' && calleeObject(n)?.type === 'string') return wordsOf(ctx, first, depth + 1);
    return [undefined];
  }
  const text = templateText(ctx, n);
  return text === undefined ? [undefined] : splitShell(text);
}

/** The text of a string expression with every run-time part replaced by a placeholder. */
function templateText(ctx: AnyCtx, node: Node): string | undefined {
  const constant = ctx.constants.stringValue(node);
  if (constant !== undefined) return constant;
  if (node.type === 'string') {
    return namedChildrenOf(node)
      .map((c) => (c.type === 'interpolation' ? PLACEHOLDER : c.type === 'string_content' ? c.text : ''))
      .join('');
  }
  if (node.type === 'binary_operator') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text;
    if (!left || !right) return undefined;
    if (op === '%') return templateText(ctx, left)?.replace(/%[-#0 +]*\d*(?:\.\d+)?[sdrfxi]/g, PLACEHOLDER);
    if (op !== '+') return undefined;
    return (templateText(ctx, left) ?? PLACEHOLDER) + (templateText(ctx, right) ?? PLACEHOLDER);
  }
  if (node.type === 'concatenated_string') return namedChildrenOf(node).map((c) => templateText(ctx, c) ?? PLACEHOLDER).join('');
  return stringLiteralValue(node);
}

/** Splits shell text into words and operators (`|`, `;`, `&&`, `||`); words with a placeholder are unknown. */
export function splitShell(text: string): CommandWord[] {
  const words = text.match(/\|\||&&|[|;&]|[^\s|;&]+/g) ?? [];
  return words.map((w) => (w.includes(PLACEHOLDER) ? undefined : w.replace(/^['"]|['"]$/g, '')));
}

/** The program name of a word: `docker` for `/usr/bin/docker`. */
export function programName(word: CommandWord): string | undefined {
  return word?.split('/').at(-1);
}
