import { namedChildrenOf } from '../ast.js';
import type { Node } from '../parser.js';

/** One step the abstract interpreter evaluates, in program order. */
export type Instruction =
  /** A simple statement (assignment, call, return, raise, import, def, …). */
  | { readonly kind: 'stmt'; readonly node: Node }
  /** A condition being evaluated (if/elif/while/assert/case guard); edges carry its outcome. */
  | { readonly kind: 'cond'; readonly node: Node }
  /** A `for` header binding `target` to an element of `iter`. */
  | { readonly kind: 'for'; readonly target: Node; readonly iter: Node }
  /** A `with` item: evaluates `value`, binds `target` when present. */
  | { readonly kind: 'with'; readonly value: Node; readonly target?: Node }
  /** An `except … as name` handler entry. */
  | { readonly kind: 'except'; readonly clause: Node }
  /** A `case` pattern matched against the match subject. */
  | { readonly kind: 'case'; readonly subject: Node; readonly pattern: Node };

/** An edge; `guard` says which outcome of a condition it follows. */
export interface Edge {
  readonly to: number;
  readonly guard?: { readonly node: Node; readonly truth: boolean };
}

export interface Block {
  readonly id: number;
  readonly instructions: Instruction[];
  readonly successors: Edge[];
}

/** A control-flow graph of one function or module body. */
export interface Cfg {
  readonly blocks: readonly Block[];
  readonly entry: number;
  readonly exit: number;
  /**
   * Each block's rank in reverse postorder from the entry (unreachable blocks last): visiting
   * queued blocks by rank settles a loop before the code after it is looked at.
   */
  readonly rank: Int32Array;
}

interface LoopTargets {
  readonly continueTo: number;
  readonly breakTo: number;
}

interface Frame {
  readonly loop?: LoopTargets;
  /** Handler entry blocks of the innermost enclosing try, for exception edges. */
  readonly handlers: readonly number[];
}

const SIMPLE = new Set([
  'expression_statement', 'return_statement', 'raise_statement', 'delete_statement', 'global_statement',
  'nonlocal_statement', 'import_statement', 'import_from_statement', 'future_import_statement', 'pass_statement',
  'print_statement', 'exec_statement', 'function_definition', 'class_definition', 'decorated_definition',
  'type_alias_statement', 'assert_statement', 'break_statement', 'continue_statement',
]);

/**
 * Builds the CFG of a statement list (a function body or a module). Python's control flow is
 * structured, so the graph is built by one recursive pass: each statement kind wires its blocks.
 * Exceptions are approximated: every block inside a `try` body may jump to each handler.
 */
export function buildCfg(body: Node, isNoReturn: (call: Node) => boolean = () => false): Cfg {
  const builder = new CfgBuilder(isNoReturn);
  const entry = builder.newBlock();
  const exit = builder.newBlock();
  builder.exitBlock = exit;
  const end = builder.statements(statementsOf(body), entry, { handlers: [] });
  if (end !== undefined) builder.edge(end, exit);
  return { blocks: builder.blocks, entry, exit, rank: reversePostorderRank(builder.blocks, entry) };
}

function reversePostorderRank(blocks: readonly Block[], entry: number): Int32Array {
  const rank = new Int32Array(blocks.length).fill(blocks.length);
  const seen = new Uint8Array(blocks.length);
  const postorder: number[] = [];
  // Successors are explored last to first, so the first one (a loop's body, an `if`'s true
  // branch) finishes last and comes first in the reverse postorder.
  const stack: [number, number][] = [[entry, (blocks[entry]?.successors.length ?? 0) - 1]];
  seen[entry] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as [number, number];
    const successors = blocks[frame[0]]?.successors ?? [];
    if (frame[1] >= 0) {
      const to = (successors[frame[1]--] as (typeof successors)[number]).to;
      if (seen[to] === 0) {
        seen[to] = 1;
        stack.push([to, (blocks[to]?.successors.length ?? 0) - 1]);
      }
    } else {
      stack.pop();
      postorder.push(frame[0]);
    }
  }
  postorder.forEach((block, i) => {
    rank[block] = postorder.length - 1 - i;
  });
  return rank;
}

class CfgBuilder {
  readonly blocks: Block[] = [];
  exitBlock = -1;

  constructor(private readonly isNoReturn: (call: Node) => boolean) {}

  newBlock(): number {
    const id = this.blocks.length;
    this.blocks.push({ id, instructions: [], successors: [] });
    return id;
  }

  edge(from: number, to: number, guard?: Edge['guard']): void {
    const successors = this.blocks[from]?.successors;
    if (!successors) return;
    if (!guard && successors.some((e) => e.to === to && !e.guard)) return;
    successors.push(guard ? { to, guard } : { to });
  }

  private emit(block: number, instruction: Instruction, frame: Frame): void {
    this.blocks[block]?.instructions.push(instruction);
    for (const handler of frame.handlers) this.edge(block, handler);
  }

  /** Wires a statement list starting in `block`; returns the block where control continues, or undefined if it never does. */
  statements(stmts: readonly Node[], block: number, frame: Frame): number | undefined {
    let current: number | undefined = block;
    for (const stmt of stmts) {
      if (current === undefined) {
        // Unreachable code after return/raise/break: still give it a block so it is analysed
        // for definitions, but nothing flows into it.
        current = this.newBlock();
      }
      current = this.statement(stmt, current, frame);
    }
    return current;
  }

  private statement(stmt: Node, block: number, frame: Frame): number | undefined {
    if (SIMPLE.has(stmt.type)) return this.simple(stmt, block, frame);
    switch (stmt.type) {
      case 'if_statement':
        return this.ifStatement(stmt, block, frame);
      case 'while_statement':
        return this.whileStatement(stmt, block, frame);
      case 'for_statement':
        return this.forStatement(stmt, block, frame);
      case 'try_statement':
        return this.tryStatement(stmt, block, frame);
      case 'with_statement':
        return this.withStatement(stmt, block, frame);
      case 'match_statement':
        return this.matchStatement(stmt, block, frame);
      default:
        // ERROR nodes and anything unknown: evaluate as an opaque statement.
        this.emit(block, { kind: 'stmt', node: stmt }, frame);
        return block;
    }
  }

  private simple(stmt: Node, block: number, frame: Frame): number | undefined {
    switch (stmt.type) {
      case 'return_statement':
      case 'raise_statement':
        this.emit(block, { kind: 'stmt', node: stmt }, frame);
        this.edge(block, this.exitBlock);
        return undefined;
      case 'break_statement':
        if (frame.loop) this.edge(block, frame.loop.breakTo);
        return frame.loop ? undefined : block;
      case 'continue_statement':
        if (frame.loop) this.edge(block, frame.loop.continueTo);
        return frame.loop ? undefined : block;
      case 'assert_statement': {
        const condition = stmt.namedChildren[0];
        if (!condition) return block;
        this.emit(block, { kind: 'cond', node: condition }, frame);
        const after = this.newBlock();
        this.edge(block, after, { node: condition, truth: true });
        this.edge(block, this.exitBlock, { node: condition, truth: false });
        return after;
      }
      case 'expression_statement': {
        this.emit(block, { kind: 'stmt', node: stmt }, frame);
        // abort(404), sys.exit(1): control does not come back.
        const expr = stmt.namedChildren[0];
        if (expr?.type === 'call' && stmt.namedChildCount === 1 && this.isNoReturn(expr)) {
          this.edge(block, this.exitBlock);
          return undefined;
        }
        return block;
      }
      default:
        this.emit(block, { kind: 'stmt', node: stmt }, frame);
        return block;
    }
  }

  private branch(condition: Node, block: number, frame: Frame): { whenTrue: number; whenFalse: number } {
    this.emit(block, { kind: 'cond', node: condition }, frame);
    const whenTrue = this.newBlock();
    const whenFalse = this.newBlock();
    this.edge(block, whenTrue, { node: condition, truth: true });
    this.edge(block, whenFalse, { node: condition, truth: false });
    return { whenTrue, whenFalse };
  }

  private ifStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const join = this.newBlock();
    let reachesJoin = false;
    const connect = (end: number | undefined): void => {
      if (end !== undefined) {
        this.edge(end, join);
        reachesJoin = true;
      }
    };
    let condition = stmt.childForFieldName('condition');
    let consequence = stmt.childForFieldName('consequence');
    let current = block;
    const alternatives = stmt.childrenForFieldName('alternative').filter((a): a is Node => a !== null);
    for (let i = 0; ; i++) {
      if (!condition) return block;
      const { whenTrue, whenFalse } = this.branch(condition, current, frame);
      connect(this.statements(statementsOf(consequence), whenTrue, frame));
      current = whenFalse;
      const next = alternatives[i];
      if (next?.type === 'elif_clause') {
        condition = next.childForFieldName('condition');
        consequence = next.childForFieldName('consequence');
        continue;
      }
      connect(next ? this.statements(statementsOf(next.childForFieldName('body')), current, frame) : current);
      break;
    }
    return reachesJoin ? join : undefined;
  }

  private whileStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const header = this.newBlock();
    this.edge(block, header);
    const condition = stmt.childForFieldName('condition');
    const after = this.newBlock();
    if (!condition) return block;
    const { whenTrue, whenFalse } = this.branch(condition, header, frame);
    const loop = { continueTo: header, breakTo: after };
    const bodyEnd = this.statements(statementsOf(stmt.childForFieldName('body')), whenTrue, { ...frame, loop });
    if (bodyEnd !== undefined) this.edge(bodyEnd, header);
    const elseClause = stmt.childForFieldName('alternative');
    const elseEnd = elseClause ? this.statements(statementsOf(elseClause.childForFieldName('body')), whenFalse, frame) : whenFalse;
    if (elseEnd !== undefined) this.edge(elseEnd, after);
    return after;
  }

  private forStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const target = stmt.childForFieldName('left');
    const iter = stmt.childForFieldName('right');
    if (!target || !iter) return block;
    // The iterable is evaluated once, before the loop.
    this.emit(block, { kind: 'cond', node: iter }, frame);
    const header = this.newBlock();
    this.edge(block, header);
    const body = this.newBlock();
    const after = this.newBlock();
    this.edge(header, body);
    this.emit(body, { kind: 'for', target, iter }, frame);
    const loop = { continueTo: header, breakTo: after };
    const bodyEnd = this.statements(statementsOf(stmt.childForFieldName('body')), body, { ...frame, loop });
    if (bodyEnd !== undefined) this.edge(bodyEnd, header);
    const exhausted = this.newBlock();
    this.edge(header, exhausted);
    const elseClause = stmt.childForFieldName('alternative');
    const elseEnd = elseClause ? this.statements(statementsOf(elseClause.childForFieldName('body')), exhausted, frame) : exhausted;
    if (elseEnd !== undefined) this.edge(elseEnd, after);
    return after;
  }

  private tryStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const clauses = namedChildrenOf(stmt);
    const handlers = clauses.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const elseClause = clauses.find((c) => c.type === 'else_clause');
    const finallyClause = clauses.find((c) => c.type === 'finally_clause');
    const handlerBlocks = handlers.map(() => this.newBlock());
    const finallyBlock = finallyClause ? this.newBlock() : undefined;
    const after = this.newBlock();
    const afterTry = finallyBlock ?? after;

    const bodyStart = this.newBlock();
    this.edge(block, bodyStart);
    // The handlers are reachable from the state before the body too.
    for (const h of handlerBlocks) this.edge(block, h);
    const innerFrame: Frame = { ...frame, handlers: handlerBlocks.length > 0 ? handlerBlocks : frame.handlers };
    let bodyEnd = this.statements(statementsOf(stmt.childForFieldName('body')), bodyStart, innerFrame);
    if (bodyEnd !== undefined && handlerBlocks.length > 0) for (const h of handlerBlocks) this.edge(bodyEnd, h);
    if (bodyEnd !== undefined && elseClause) bodyEnd = this.statements(statementsOf(elseClause.childForFieldName('body')), bodyEnd, frame);
    let reachesAfter = false;
    if (bodyEnd !== undefined) {
      this.edge(bodyEnd, afterTry);
      reachesAfter = true;
    }
    handlers.forEach((handler, i) => {
      const start = handlerBlocks[i];
      if (start === undefined) return;
      this.emit(start, { kind: 'except', clause: handler }, frame);
      const end = this.statements(statementsOf(handler.namedChildren.find((c) => c?.type === 'block') ?? null), start, frame);
      if (end !== undefined) {
        this.edge(end, afterTry);
        reachesAfter = true;
      }
    });
    if (finallyBlock !== undefined && finallyClause) {
      // finally also runs when the body raises an exception nobody here handles.
      this.edge(block, finallyBlock);
      const end = this.statements(statementsOf(finallyClause.namedChildren.find((c) => c?.type === 'block') ?? null), finallyBlock, frame);
      if (end === undefined) return undefined;
      this.edge(end, after);
      return after;
    }
    return reachesAfter ? after : undefined;
  }

  private withStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const clause = stmt.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause ? namedChildrenOf(clause) : []) {
      if (item.type !== 'with_item') continue;
      const value = item.childForFieldName('value');
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const inner = value.namedChildren[0];
        const alias = value.childForFieldName('alias');
        const target = alias?.namedChildren[0] ?? alias;
        if (inner) this.emit(block, target ? { kind: 'with', value: inner, target } : { kind: 'with', value: inner }, frame);
      } else {
        this.emit(block, { kind: 'with', value }, frame);
      }
    }
    return this.statements(statementsOf(stmt.childForFieldName('body')), block, frame);
  }

  private matchStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const subject = stmt.childForFieldName('subject');
    const body = stmt.childForFieldName('body');
    if (!subject || !body) return block;
    this.emit(block, { kind: 'cond', node: subject }, frame);
    const after = this.newBlock();
    let current = block;
    for (const clause of body.childrenForFieldName('alternative')) {
      if (clause?.type !== 'case_clause') continue;
      const caseBlock = this.newBlock();
      this.edge(current, caseBlock);
      const pattern = clause.namedChildren.find((c) => c?.type === 'case_pattern');
      if (pattern) this.emit(caseBlock, { kind: 'case', subject, pattern }, frame);
      let bodyStart = caseBlock;
      const guard = clause.childForFieldName('guard');
      const guardExpr = guard?.namedChildren[0];
      if (guardExpr) {
        const { whenTrue, whenFalse } = this.branch(guardExpr, caseBlock, frame);
        bodyStart = whenTrue;
        this.edge(whenFalse, after);
      }
      const end = this.statements(statementsOf(clause.childForFieldName('consequence')), bodyStart, frame);
      if (end !== undefined) this.edge(end, after);
      const next = this.newBlock();
      this.edge(current, next);
      current = next;
    }
    // No case matched.
    this.edge(current, after);
    return after;
  }
}

/** The statements of a block (or of a module); a single-line body is a block too. */
export function statementsOf(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return namedChildrenOf(node).filter((c) => c.type !== 'comment');
}
