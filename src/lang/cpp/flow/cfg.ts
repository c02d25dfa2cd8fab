import { calleeOf, namedChildrenOf, unwrap } from '../ast.js';
import type { Node } from '../parser.js';

/** One step the analyses evaluate, in program order. */
export type Instruction =
  /** A statement evaluated for its effects: expression, declaration, return, throw. */
  | { readonly kind: 'stmt'; readonly node: Node }
  /** A condition (its side effects are evaluated); edges carry its outcome. */
  | { readonly kind: 'cond'; readonly node: Node }
  /** A range-for header binding its declarator to an element of the range. */
  | { readonly kind: 'range'; readonly node: Node }
  /** Control falls off the end of the function body. */
  | { readonly kind: 'end'; readonly node: Node };

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

/** A control-flow graph of one function body. */
export interface Cfg {
  readonly blocks: readonly Block[];
  readonly entry: number;
  readonly exit: number;
}

interface Frame {
  readonly breakTo?: number;
  readonly continueTo?: number;
  readonly handlers: readonly number[];
}

// Calls after which control never comes back to the caller.
const NO_RETURN = new Set([
  'exit', '_exit', '_Exit', 'abort', 'quick_exit', 'err', 'errx', 'verr', 'verrx', 'qFatal', 'longjmp', 'siglongjmp',
  'terminate', '__builtin_unreachable', 'pthread_exit', 'ExitProcess', 'Q_UNREACHABLE', 'panic', 'die', 'fatal',
]);

/** True for a call that does not return (`exit(1)`, `abort()`, `assert(0)`). */
export function isNoReturnCall(call: Node): boolean {
  const name = calleeOf(call)?.name;
  if (name === undefined) return false;
  if (NO_RETURN.has(name)) return true;
  if (name === 'assert' || name === 'Q_ASSERT') {
    const arg = namedChildrenOf(call.childForFieldName('arguments'))[0];
    return arg !== undefined && /^(?:0|false)$/.test(unwrap(arg).text);
  }
  return false;
}

/**
 * Builds the CFG of a function body. C's control flow is structured except for `goto`, which
 * is wired to its label; `switch` jumps to every case; a `try` body may jump to each handler.
 */
export function buildCfg(body: Node): Cfg {
  const builder = new CfgBuilder();
  const entry = builder.newBlock();
  const exit = builder.newBlock();
  builder.exitBlock = exit;
  const end = builder.statement(body, entry, { handlers: [] });
  if (end !== undefined) {
    builder.emit(end, { kind: 'end', node: body });
    builder.edge(end, exit);
  }
  return { blocks: builder.blocks, entry, exit };
}

class CfgBuilder {
  readonly blocks: Block[] = [];
  exitBlock = -1;
  private readonly labels = new Map<string, number>();

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

  emit(block: number, instruction: Instruction): void {
    this.blocks[block]?.instructions.push(instruction);
  }

  private label(name: string): number {
    let block = this.labels.get(name);
    if (block === undefined) {
      block = this.newBlock();
      this.labels.set(name, block);
    }
    return block;
  }

  /** Wires one statement starting in `block`; returns where control continues, or undefined. */
  statement(stmt: Node, block: number, frame: Frame): number | undefined {
    switch (stmt.type) {
      case 'compound_statement': return this.sequence(namedChildrenOf(stmt), block, frame);
      case 'if_statement': return this.ifStatement(stmt, block, frame);
      case 'while_statement': return this.whileStatement(stmt, block, frame);
      case 'do_statement': return this.doStatement(stmt, block, frame);
      case 'for_statement': return this.forStatement(stmt, block, frame);
      case 'for_range_loop': return this.rangeLoop(stmt, block, frame);
      case 'switch_statement': return this.switchStatement(stmt, block, frame);
      case 'try_statement': return this.tryStatement(stmt, block, frame);
      case 'return_statement': case 'throw_statement':
        this.emit(block, { kind: 'stmt', node: stmt });
        this.edge(block, frame.handlers.length > 0 && stmt.type === 'throw_statement' ? (frame.handlers[0] ?? this.exitBlock) : this.exitBlock);
        return undefined;
      case 'break_statement':
        if (frame.breakTo !== undefined) this.edge(block, frame.breakTo);
        return frame.breakTo !== undefined ? undefined : block;
      case 'continue_statement':
        if (frame.continueTo !== undefined) this.edge(block, frame.continueTo);
        return frame.continueTo !== undefined ? undefined : block;
      case 'goto_statement': {
        const name = stmt.childForFieldName('label')?.text;
        if (name !== undefined) this.edge(block, this.label(name));
        return undefined;
      }
      case 'labeled_statement': {
        const name = stmt.childForFieldName('label')?.text;
        const target = name !== undefined ? this.label(name) : this.newBlock();
        this.edge(block, target);
        const inner = namedChildrenOf(stmt).filter((c) => c.type !== 'statement_identifier');
        return this.sequence(inner, target, frame);
      }
      case 'preproc_if': case 'preproc_ifdef': case 'preproc_else': case 'preproc_elif': case 'preproc_elifdef':
        return this.preprocessorBranch(stmt, block, frame);
      case 'expression_statement': return this.expressionStatement(stmt, block);
      default:
        if (stmt.type.startsWith('preproc_') || stmt.type === 'comment') return block;
        this.emit(block, { kind: 'stmt', node: stmt });
        return block;
    }
  }

  private sequence(stmts: readonly Node[], block: number, frame: Frame): number | undefined {
    let current: number | undefined = block;
    for (const stmt of stmts) {
      // Code after return/break is unreachable, except through a label.
      if (current === undefined) {
        if (stmt.type !== 'labeled_statement' && stmt.type !== 'case_statement') continue;
        current = this.newBlock();
      }
      current = this.statement(stmt, current, frame);
    }
    return current;
  }

  private expressionStatement(stmt: Node, block: number): number | undefined {
    this.emit(block, { kind: 'stmt', node: stmt });
    const expr = namedChildrenOf(stmt)[0];
    return expr?.type === 'call_expression' && isNoReturnCall(expr) ? undefined : block;
  }

  private branch(condition: Node, block: number): { whenTrue: number; whenFalse: number } {
    const node = unwrap(condition);
    this.emit(block, { kind: 'cond', node });
    const whenTrue = this.newBlock();
    const whenFalse = this.newBlock();
    this.edge(block, whenTrue, { node, truth: true });
    this.edge(block, whenFalse, { node, truth: false });
    return { whenTrue, whenFalse };
  }

  private ifStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const condition = stmt.childForFieldName('condition');
    const consequence = stmt.childForFieldName('consequence');
    if (!condition || !consequence) return block;
    const { whenTrue, whenFalse } = this.branch(condition, block);
    const thenEnd = this.statement(consequence, whenTrue, frame);
    const alternative = stmt.childForFieldName('alternative');
    const elseBody = alternative?.type === 'else_clause' ? namedChildrenOf(alternative)[0] : alternative;
    const elseEnd = elseBody ? this.statement(elseBody, whenFalse, frame) : whenFalse;
    if (thenEnd === undefined && elseEnd === undefined) return undefined;
    const join = this.newBlock();
    if (thenEnd !== undefined) this.edge(thenEnd, join);
    if (elseEnd !== undefined) this.edge(elseEnd, join);
    return join;
  }

  private whileStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const condition = stmt.childForFieldName('condition');
    const body = stmt.childForFieldName('body');
    const header = this.newBlock();
    this.edge(block, header);
    const after = this.newBlock();
    if (!condition || !body) return block;
    const { whenTrue, whenFalse } = this.branch(condition, header);
    this.edge(whenFalse, after);
    const end = this.statement(body, whenTrue, { ...frame, breakTo: after, continueTo: header });
    if (end !== undefined) this.edge(end, header);
    return after;
  }

  private doStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const condition = stmt.childForFieldName('condition');
    const body = stmt.childForFieldName('body');
    const start = this.newBlock();
    this.edge(block, start);
    const test = this.newBlock();
    const after = this.newBlock();
    if (!condition || !body) return block;
    const end = this.statement(body, start, { ...frame, breakTo: after, continueTo: test });
    if (end !== undefined) this.edge(end, test);
    const { whenTrue, whenFalse } = this.branch(condition, test);
    this.edge(whenTrue, start);
    this.edge(whenFalse, after);
    return after;
  }

  private forStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const init = stmt.childForFieldName('initializer');
    if (init) this.emit(block, { kind: 'stmt', node: init });
    const header = this.newBlock();
    this.edge(block, header);
    const after = this.newBlock();
    const update = this.newBlock();
    const condition = stmt.childForFieldName('condition');
    let bodyStart = header;
    if (condition) {
      const { whenTrue, whenFalse } = this.branch(condition, header);
      this.edge(whenFalse, after);
      bodyStart = whenTrue;
    }
    const body = stmt.childForFieldName('body');
    const end = body ? this.statement(body, bodyStart, { ...frame, breakTo: after, continueTo: update }) : bodyStart;
    if (end !== undefined) this.edge(end, update);
    for (const u of stmt.childrenForFieldName('update')) if (u) this.emit(update, { kind: 'stmt', node: u });
    this.edge(update, header);
    return after;
  }

  private rangeLoop(stmt: Node, block: number, frame: Frame): number | undefined {
    const range = stmt.childForFieldName('right');
    if (range) this.emit(block, { kind: 'cond', node: range });
    const header = this.newBlock();
    this.edge(block, header);
    const body = this.newBlock();
    const after = this.newBlock();
    this.edge(header, body);
    this.edge(header, after);
    this.emit(body, { kind: 'range', node: stmt });
    const inner = stmt.childForFieldName('body');
    const end = inner ? this.statement(inner, body, { ...frame, breakTo: after, continueTo: header }) : body;
    if (end !== undefined) this.edge(end, header);
    return after;
  }

  private switchStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const condition = stmt.childForFieldName('condition');
    if (condition) this.emit(block, { kind: 'cond', node: unwrap(condition) });
    const after = this.newBlock();
    const inner: Frame = { ...frame, breakTo: after };
    let previousEnd: number | undefined;
    let hasDefault = false;
    for (const child of namedChildrenOf(stmt.childForFieldName('body'))) {
      if (child.type !== 'case_statement') {
        if (previousEnd !== undefined) previousEnd = this.statement(child, previousEnd, inner);
        continue;
      }
      if (!child.childForFieldName('value')) hasDefault = true;
      const start = this.newBlock();
      this.edge(block, start);
      if (previousEnd !== undefined) this.edge(previousEnd, start);
      const body = namedChildrenOf(child).filter((c) => c.id !== child.childForFieldName('value')?.id);
      previousEnd = this.sequence(body, start, inner);
    }
    if (previousEnd !== undefined) this.edge(previousEnd, after);
    if (!hasDefault) this.edge(block, after);
    return after;
  }

  private tryStatement(stmt: Node, block: number, frame: Frame): number | undefined {
    const clauses = namedChildrenOf(stmt).filter((c) => c.type === 'catch_clause');
    const handlers = clauses.map(() => this.newBlock());
    const after = this.newBlock();
    for (const h of handlers) this.edge(block, h);
    const start = this.newBlock();
    this.edge(block, start);
    const body = stmt.childForFieldName('body');
    const end = body ? this.statement(body, start, { ...frame, handlers: handlers.length > 0 ? handlers : frame.handlers }) : start;
    let reaches = false;
    if (end !== undefined) {
      for (const h of handlers) this.edge(end, h);
      this.edge(end, after);
      reaches = true;
    }
    clauses.forEach((clause, i) => {
      const handler = handlers[i];
      const handlerBody = clause.childForFieldName('body');
      if (handler === undefined || !handlerBody) return;
      const handlerEnd = this.statement(handlerBody, handler, frame);
      if (handlerEnd !== undefined) {
        this.edge(handlerEnd, after);
        reaches = true;
      }
    });
    return reaches ? after : undefined;
  }

  /** `#if A … #else … #endif` inside a body: either branch may be the compiled one. */
  private preprocessorBranch(stmt: Node, block: number, frame: Frame): number | undefined {
    const alternative = stmt.childForFieldName('alternative');
    const body = namedChildrenOf(stmt).filter((c) => c.id !== alternative?.id && c.id !== stmt.childForFieldName('condition')?.id && c.id !== stmt.childForFieldName('name')?.id);
    const start = this.newBlock();
    this.edge(block, start);
    const end = this.sequence(body, start, frame);
    const altEnd = alternative ? this.statement(alternative, block, frame) : block;
    if (end === undefined && altEnd === undefined) return undefined;
    const join = this.newBlock();
    if (end !== undefined) this.edge(end, join);
    if (altEnd !== undefined) this.edge(altEnd, join);
    return join;
  }
}
