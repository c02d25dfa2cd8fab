import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { requestDataOf } from './support/web.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

/** ORM modules: a file that imports one of them is working with database models. */
const ORM_MODULES = ['django.db', 'sqlalchemy', 'flask_sqlalchemy', 'peewee', 'mongoengine', 'tortoise', 'pony', 'sqlmodel', 'odmantic'];
/** Base classes of ORM models (by their last name); pydantic's BaseModel is a validating schema, not a model. */
const MODEL_BASES = /(?:^|\.)(?:Model|Base|DeclarativeBase|Document|DynamicDocument|EmbeddedDocument|SQLModel)$/;
/** Modules that hold validating schemas rather than models. */
const SCHEMA_MODULES = /(?:^|\.)(?:schemas?|serializers?|forms|dtos?|pydantic|marshmallow|validators?)(?:\.|$)/;
/** Manager/queryset methods that write the fields they are given. */
const ORM_WRITES = new Set(['create', 'update', 'update_or_create', 'get_or_create', 'bulk_create']);
/** Form and serializer bases whose Meta decides which model fields clients may set. */
const MODEL_FORM_BASES = /(?:^|\.)(?:ModelForm|ModelSerializer|HyperlinkedModelSerializer)$/;

/** True when `fn` (a call's target) is an ORM model class, judged by where it comes from. */
function isModelClass(ctx: Ctx, fn: Node): boolean {
  const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.text;
  if (last === undefined || !/^[A-Z]/.test(last)) return false;
  const resolved = ctx.names.resolve(fn);
  if (resolved !== undefined) {
    if (SCHEMA_MODULES.test(resolved)) return false;
    if (/(?:^|\.)models?\./.test(resolved)) return true;
  }
  const local = fn.type === 'identifier' ? classDefinition(ctx, fn.text) : undefined;
  if (local) {
    const bases = local.childForFieldName('superclasses');
    return bases !== null && namedChildrenOf(bases).some((b) => MODEL_BASES.test(b.text) && !/BaseModel$/.test(b.text));
  }
  return resolved === undefined ? false : ORM_MODULES.some((m) => ctx.names.importsModule(m));
}

function classDefinition(ctx: Ctx, name: string): Node | undefined {
  // Asked for each `**` call; one walk per file, not one per call (unittest/mock.py has hundreds).
  const classes = ctx.memo('mass-assignment:classes', () => {
    const byName = new Map<string, Node>();
    for (const c of ctx.root.descendantsOfType('class_definition')) {
      const className = c.childForFieldName('name')?.text;
      if (className !== undefined && !byName.has(className)) byName.set(className, c);
    }
    return byName;
  });
  return classes.get(name);
}

/** `Model(**request.json)`, `Model.objects.create(**request.POST.dict())`, `qs.update(**data)`. */
function checkSplat(ctx: Ctx, call: Node): Finding[] {
  const list = call.childForFieldName('arguments');
  const splats = list ? namedChildrenOf(list).filter((a) => a.type === 'dictionary_splat') : [];
  if (splats.length === 0) return [];
  const fn = call.childForFieldName('function');
  if (!fn || !writesModelFields(ctx, call, fn)) return [];
  return splats.flatMap((splat) => {
    const inner = namedChildrenOf(splat)[0];
    const source = inner ? requestDataOf(ctx, inner) : undefined;
    return source && inner ? [ctx.report(call, { what: `${shortCallee(fn)}(**${shortCallee(inner)})${origin(inner, source)}` })] : [];
  });
}

/** True when the call creates or updates a model from keyword fields. */
function writesModelFields(ctx: Ctx, call: Node, fn: Node): boolean {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (method !== undefined && receiver && ORM_WRITES.has(method)) return /\bobjects\b|\.query\b|filter(?:_by)?\(/.test(receiver.text);
  if (method === 'values' && receiver) return /\b(?:update|insert)\(/.test(receiver.text);
  return isModelClass(ctx, fn);
}

/** ` with data from request.json` when a name or expression stands for the request data. */
function origin(node: Node, source: string): string {
  return node.type !== 'identifier' ? '' : ` with ${node.text} from ${source}`;
}

/** Long chains keep their root and last name: `Profile.objects.….update`. */
function shortCallee(fn: Node): string {
  if (fn.text.length <= 40) return fn.text;
  const last = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const root = /^[\w.]+/.exec(fn.text)?.[0].split('.').slice(0, 2).join('.');
  return last && root ? `${root}.….${last}` : `${fn.text.slice(0, 37)}…`;
}

/** `obj.__dict__.update(request.form)`, `vars(obj).update(data)`, `query.update(request.json)`. */
function checkUpdate(ctx: Ctx, call: Node): Finding[] {
  if (calleeLastName(call) !== 'update') return [];
  const receiver = calleeObject(call);
  const [first] = callArguments(call).positional;
  if (!receiver || !first) return [];
  const r = unwrapParens(receiver);
  const isObjectDict =
    (r.type === 'attribute' && r.childForFieldName('attribute')?.text === '__dict__') ||
    (r.type === 'call' && ctx.callName(r) === 'vars');
  const isQuery = /\.query\b|filter(?:_by)?\(/.test(r.text);
  if (!isObjectDict && !isQuery) return [];
  const source = requestDataOf(ctx, first);
  return source ? [ctx.report(call, { what: `${shortCallee(call.childForFieldName('function') ?? call)}(${shortCallee(first)})${origin(first, source)}` })] : [];
}

/** `for k, v in data.items(): setattr(obj, k, v)` with request data and no check of the key. */
function checkSetattr(ctx: Ctx, call: Node): Finding[] {
  if (ctx.callName(call) !== 'setattr') return [];
  const [, nameArg] = callArguments(call).positional;
  if (nameArg?.type !== 'identifier') return [];
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'function_definition') return [];
    if (node.type !== 'for_statement') continue;
    const key = loopKey(node);
    if (key !== nameArg.text) continue;
    const iterable = node.childForFieldName('right');
    const container = iterable ? iteratedMapping(iterable) : undefined;
    const source = container ? requestDataOf(ctx, container) : undefined;
    if (!source || isKeyChecked(call, node, key)) return [];
    return [ctx.report(call, { what: `setattr() over every key of ${source}` })];
  }
  return [];
}

/** The key variable of `for k, v in …` or `for k in …`. */
function loopKey(loop: Node): string | undefined {
  const left = loop.childForFieldName('left');
  if (left?.type === 'identifier') return left.text;
  const first = left ? namedChildrenOf(left)[0] : undefined;
  return first?.type === 'identifier' ? first.text : undefined;
}

/** The mapping a loop walks: `data` in `data.items()`, `data.keys()`, or `data`. */
function iteratedMapping(iterable: Node): Node {
  const n = unwrapParens(iterable);
  const method = n.type === 'call' ? calleeLastName(n) : undefined;
  const receiver = n.type === 'call' ? calleeObject(n) : undefined;
  return receiver && (method === 'items' || method === 'keys') ? receiver : n;
}

/** True when an `if` around the call, or an earlier `if … continue` in the loop, tests the key. */
function isKeyChecked(call: Node, loop: Node, key: string): boolean {
  const mentionsKey = (node: Node | null): boolean =>
    node !== null && (node.text === key || node.descendantsOfType('identifier').some((id) => id?.text === key));
  for (let node: Node = call, parent = call.parent; parent && parent.id !== loop.id; node = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && mentionsKey(parent.childForFieldName('condition'))) return true;
    if (parent.type === 'block') {
      const earlier = namedChildrenOf(parent).filter((s) => s.endIndex <= node.startIndex);
      if (earlier.some((s) => s.type === 'if_statement' && mentionsKey(s.childForFieldName('condition')))) return true;
    }
  }
  return false;
}

/** `class Meta: fields = "__all__"` or `exclude = […]` inside a ModelForm or ModelSerializer. */
function checkMeta(ctx: Ctx, assignment: Node): Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || !right || (left.text !== 'fields' && left.text !== 'exclude')) return [];
  const meta = assignment.parent?.parent?.parent;
  if (meta?.type !== 'class_definition' || meta.childForFieldName('name')?.text !== 'Meta') return [];
  const form = meta.parent?.parent;
  const bases = form?.type === 'class_definition' ? form.childForFieldName('superclasses') : null;
  const base = bases ? namedChildrenOf(bases).find((b) => MODEL_FORM_BASES.test(b.text)) : undefined;
  if (!form || !base) return [];
  const kind = base.text.split('.').at(-1) ?? base.text;
  const formName = form.childForFieldName('name')?.text ?? kind;
  if (left.text === 'fields') {
    const value = ctx.constants.evaluate(right);
    const all = value === '__all__' || ctx.names.resolve(right)?.endsWith('ALL_FIELDS') === true;
    return all ? [ctx.report(assignment, { what: `${kind} ${formName} with fields = "__all__"` })] : [];
  }
  return [ctx.report(assignment, { what: `${kind} ${formName} with an exclude list` }, { confidence: 'low' })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-MASS-001',
  name: 'mass-assignment',
  title: 'Model fields set from request data without an allowlist (mass assignment)',
  cwe: Cwe.MassAssignment,
  severity: 'high',
  confidence: 'medium',
  description:
    'Request data (request.json/form/args/values/data/POST/GET, get_json(), DRF request.data, Starlette await request.json()) is splatted into a model constructor or ORM create/update, merged into obj.__dict__, applied key by key with setattr(), or a Django ModelForm / DRF ModelSerializer exposes fields = "__all__" or an exclude list.',
  explanation:
    'Every key the client sends becomes a field of the stored object. Besides the fields the form shows, an attacker can add is_admin, role, balance, owner_id or email_verified to the request and the code will save them.',
  fix: 'Copy only the fields the client may change: User(name=data["name"], email=data["email"]), or validate the body with a schema that lists them (a Form/Serializer with explicit fields = [...], a pydantic model, marshmallow with load_only fields). In a setattr loop, check each key against an allowlist.',
  docs: {
    why: 'Mass assignment is how privilege escalations like GitHub\'s 2012 public-key incident happen: the server trusts the set of keys in a request as much as their values.',
    bad: 'from flask import request\nfrom app.models import User\n\ndef register():\n    user = User(**request.json)\n    db.session.add(user)',
    good: 'from flask import request\nfrom app.models import User\n\ndef register():\n    data = request.json\n    user = User(name=data["name"], email=data["email"])\n    db.session.add(user)',
    notDetected:
      'Request data is recognised syntactically: the request object itself, or a name assigned once from it (a dict built from it and then filtered is trusted). Constructors count as models when they come from a module named models, derive from an ORM base class in the same file, or are imported in a file that uses an ORM; pydantic/marshmallow schemas and anything imported from schemas/serializers/forms modules are treated as validation and not reported. setattr loops are trusted when an if statement tests the key. ModelForm/ModelSerializer exclude lists are reported with low confidence, since they may be complete today.',
    references: [
      'https://cwe.mitre.org/data/definitions/915.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html',
      'https://docs.djangoproject.com/en/stable/topics/forms/modelforms/#selecting-the-fields-to-use',
      'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
    ],
  },
  message: ({ what }) => `${what} lets the client set any field of the model, including ones it must not control`,
  visits: ['call', 'assignment'],
  // Request data needs a framework's request object (keep in step with REQUEST_PROXIES and PARAMETER_FRAMEWORKS in support/web.ts); the Meta checks need a ModelForm/ModelSerializer base.
  fileMentions: ['flask', 'quart', 'bottle', 'django', 'rest_framework', 'starlette', 'fastapi', 'sanic', 'aiohttp', 'pyramid', 'falcon', 'tornado', 'ModelForm', 'ModelSerializer'],
  check(ctx, node) {
    if (node.type === 'assignment') return checkMeta(ctx, node);
    return [...checkSplat(ctx, node), ...checkUpdate(ctx, node), ...checkSetattr(ctx, node)];
  },
});
