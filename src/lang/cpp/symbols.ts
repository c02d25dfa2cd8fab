import { declaratorName, enclosingFunction, namedChildrenOf, normalizeName, parametersOf } from './ast.js';
import type { Node } from './parser.js';

/** What a declaration says about one variable, parameter or struct field. */
export interface VarInfo {
  readonly name: string;
  /** The declared base type as written, without qualifiers: `char`, `unsigned int`, `QString`. */
  readonly type: string;
  /** `const` or `constexpr` appears in the declaration. */
  readonly isConst: boolean;
  /** Pointer depth of the declarator (`char **argv` → 2). */
  readonly pointer: number;
  readonly reference: boolean;
  /** Array dimension expressions, outermost first (an empty `[]` is a null entry). */
  readonly dims: readonly (Node | null)[];
  /** The identifier in the declarator. */
  readonly node: Node;
  /** The whole declaration (for the initializer and the storage class). */
  readonly declaration: Node;
  /** The initializer value, or the constructor argument list. */
  readonly init?: Node;
  readonly param: boolean;
  /** A struct or class member. */
  readonly field: boolean;
  /** The block (or function, or translation unit) the declaration is visible in. */
  readonly scope: Node;
}

const SCOPE_TYPES = new Set(['compound_statement', 'for_statement', 'for_range_loop', 'function_definition', 'translation_unit', 'lambda_expression', 'if_statement', 'while_statement', 'catch_clause']);

/** Declarations of a file, looked up by name from a use site (innermost visible declaration wins). */
export class SymbolTable {
  private readonly byName = new Map<string, VarInfo[]>();
  private readonly fields = new Map<string, VarInfo>();

  constructor(root: Node) {
    for (const decl of root.descendantsOfType(['declaration', 'field_declaration', 'parameter_declaration', 'optional_parameter_declaration'])) {
      if (decl) this.addDeclaration(decl);
    }
  }

  /** The declaration of `name` visible at `at`, or a struct field of that name when `field` is set. */
  lookup(name: string, at: Node, field = false): VarInfo | undefined {
    if (field) return this.fields.get(name);
    const candidates = this.byName.get(name);
    if (!candidates) return undefined;
    let best: VarInfo | undefined;
    for (const info of candidates) {
      if (!contains(info.scope, at)) continue;
      if (!info.param && info.node.startIndex > at.startIndex && info.scope.type !== 'translation_unit') continue;
      if (!best || info.scope.startIndex >= best.scope.startIndex) best = info;
    }
    return best;
  }

  /** The declaration a use refers to: a variable (`buf`), a field (`s->buf`, `s.buf`, `this->buf`). */
  declarationOf(expr: Node): VarInfo | undefined {
    if (expr.type === 'identifier') return this.lookup(expr.text, expr) ?? this.fields.get(expr.text);
    if (expr.type === 'field_expression') {
      const field = expr.childForFieldName('field');
      return field ? this.fields.get(field.text) : undefined;
    }
    if (expr.type === 'parenthesized_expression') {
      const inner = namedChildrenOf(expr)[0];
      return inner ? this.declarationOf(inner) : undefined;
    }
    return undefined;
  }

  /** Every declaration in a function (parameters first), for flow analyses. */
  localsOf(fn: Node): VarInfo[] {
    const out: VarInfo[] = [];
    for (const list of this.byName.values()) for (const info of list) if (!info.field && info.scope.type !== 'translation_unit' && withinFunction(info, fn)) out.push(info);
    return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  private addDeclaration(decl: Node): void {
    const isField = decl.type === 'field_declaration';
    const isParam = decl.type.endsWith('parameter_declaration');
    const typeNode = decl.childForFieldName('type');
    const type = typeNode ? normalizeName(typeNode.text.replace(/\b(?:const|volatile|struct|class|enum|union|typename)\b/g, ' ').trim()) : '';
    const isConst = /\b(?:const|constexpr)\b/.test(namedChildrenOf(decl).filter((c) => c.type === 'type_qualifier').map((c) => c.text).join(' '));
    const declarators = decl.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
    for (const declarator of declarators) {
      if (declarator.type === 'function_declarator') continue;
      const nameNode = declaratorName(declarator);
      if (!nameNode) continue;
      const shape = declaratorShape(declarator);
      const scope = isParam ? this.paramScope(decl) : isField ? decl : scopeOf(decl);
      if (!scope) continue;
      const info: VarInfo = {
        name: nameNode.text, type, isConst, pointer: shape.pointer, reference: shape.reference, dims: shape.dims,
        node: nameNode, declaration: decl, ...(shape.init ? { init: shape.init } : {}), param: isParam, field: isField, scope,
      };
      if (isField) {
        this.fields.set(info.name, info);
        continue;
      }
      const list = this.byName.get(info.name);
      if (list) list.push(info);
      else this.byName.set(info.name, [info]);
    }
  }

  private paramScope(decl: Node): Node | undefined {
    // A parameter of a definition is visible in its body; a prototype's parameters are not variables.
    const fn = enclosingFunction(decl);
    return fn && parametersOf(fn).some((p) => p.id === decl.id) ? fn : undefined;
  }
}

interface DeclaratorShape {
  pointer: number;
  reference: boolean;
  dims: (Node | null)[];
  init?: Node;
}

function declaratorShape(declarator: Node): DeclaratorShape {
  const shape: DeclaratorShape = { pointer: 0, reference: false, dims: [] };
  let current: Node | null = declarator;
  while (current && current.type !== 'identifier' && current.type !== 'field_identifier') {
    if (current.type === 'init_declarator') {
      const value = current.childForFieldName('value');
      if (value) shape.init = value;
    } else if (current.type === 'pointer_declarator') {
      shape.pointer += 1;
    } else if (current.type === 'reference_declarator') {
      shape.reference = true;
    } else if (current.type === 'array_declarator') {
      shape.dims.unshift(current.childForFieldName('size'));
    }
    current = current.childForFieldName('declarator') ?? namedChildrenOf(current).find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return shape;
}

function scopeOf(decl: Node): Node | undefined {
  for (let p = decl.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) return p;
  return undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function withinFunction(info: VarInfo, fn: Node): boolean {
  return contains(fn, info.node) && enclosingFunction(info.node)?.id === fn.id;
}

const TYPE_SIZES: ReadonlyMap<string, number> = new Map([
  ['char', 1], ['signedchar', 1], ['unsignedchar', 1], ['uint8_t', 1], ['int8_t', 1], ['bool', 1], ['_Bool', 1], ['BYTE', 1], ['u_char', 1], ['gchar', 1], ['guchar', 1], ['char8_t', 1],
  ['short', 2], ['unsignedshort', 2], ['shortint', 2], ['uint16_t', 2], ['int16_t', 2], ['char16_t', 2], ['WORD', 2],
  ['int', 4], ['unsigned', 4], ['unsignedint', 4], ['signed', 4], ['signedint', 4], ['uint32_t', 4], ['int32_t', 4], ['float', 4], ['wchar_t', 4], ['char32_t', 4], ['DWORD', 4],
  ['long', 8], ['unsignedlong', 8], ['longlong', 8], ['unsignedlonglong', 8], ['size_t', 8], ['ssize_t', 8], ['uint64_t', 8], ['int64_t', 8], ['double', 8], ['off_t', 8], ['intptr_t', 8], ['uintptr_t', 8], ['ptrdiff_t', 8],
]);

/** Size in bytes of a scalar type name on an LP64 target; undefined for types we cannot size. */
export function scalarSize(type: string): number | undefined {
  return TYPE_SIZES.get(type.replace(/\s+/g, ''));
}

/** Element size of a variable's array or pointer: pointers to pointers are 8. */
export function elementSize(info: VarInfo): number | undefined {
  if (info.pointer > (info.dims.length > 0 ? 0 : 1)) return 8;
  return scalarSize(info.type);
}

/** True for character types a C string is made of. */
export function isCharType(info: VarInfo): boolean {
  return /^(?:(?:un)?signed\s+)?char$|^(?:u?int8_t|gchar|guchar|BYTE|char8_t|wchar_t)$/.test(info.type);
}

const SIGNED = /^(?:int|short|long|long long|signed(?: int| long| short| char)?|short int|long int|int(?:8|16|32|64)_t|ssize_t|off_t|ptrdiff_t|qint(?:8|16|32|64)|qsizetype|char)$/;
const UNSIGNED = /^(?:unsigned(?: int| long| short| char| long long)?|size_t|uint(?:8|16|32|64)_t|quint(?:8|16|32|64)|u_int|u_long|u_short|uint|DWORD|WORD|BYTE)$/;

/** Signedness of a scalar type name, when it is a known integer type. */
export function signednessOf(type: string): 'signed' | 'unsigned' | undefined {
  const t = type.replace(/\s+/g, ' ').trim();
  if (UNSIGNED.test(t)) return 'unsigned';
  if (SIGNED.test(t)) return 'signed';
  return undefined;
}
