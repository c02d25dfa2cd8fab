import type { ContextRegion } from '../../core/language.js';
import { dottedName, namedChildrenOf } from './ast.js';
import type { ImportMap } from './names.js';
import type { Node } from './parser.js';

/** What the content of a Python file says about test code in it. */
export interface TestScopes {
  /** Set when the content makes the whole file test code (it imports a test framework and is mostly tests). */
  readonly fileReason?: string;
  /** Test classes, test functions and fixtures, by line range. */
  readonly regions: readonly ContextRegion[];
}

/**
 * Modules only tests import. `unittest.mock` is left out on purpose: production code patches
 * with it too, and importing it says nothing about what the module is.
 */
const TEST_FRAMEWORKS = [
  'pytest', '_pytest', 'unittest', 'oslotest', 'testtools', 'fixtures', 'nose', 'nose2', 'hypothesis', 'django.test',
  'rest_framework.test', 'flask_testing', 'tornado.testing', 'twisted.trial', 'testscenarios', 'testresources', 'ddt',
  'mock', 'requests_mock', 'responses', 'freezegun', 'asynctest', 'aiounittest',
];

/** Base classes that make a class a test case or a test fixture, by qualified name. */
const TEST_BASES = new Set([
  'unittest.TestCase', 'unittest.case.TestCase', 'unittest.IsolatedAsyncioTestCase', 'unittest.FunctionTestCase',
  'testtools.TestCase', 'testtools.testcase.TestCase', 'oslotest.base.BaseTestCase', 'fixtures.Fixture',
  'fixtures.fixture.Fixture', 'django.test.TestCase', 'django.test.SimpleTestCase', 'django.test.TransactionTestCase',
  'django.test.LiveServerTestCase', 'django.contrib.staticfiles.testing.StaticLiveServerTestCase',
  'rest_framework.test.APITestCase', 'rest_framework.test.APISimpleTestCase', 'rest_framework.test.APITransactionTestCase',
  'flask_testing.TestCase', 'tornado.testing.AsyncTestCase', 'tornado.testing.AsyncHTTPTestCase',
  'twisted.trial.unittest.TestCase', 'aiohttp.test_utils.AioHTTPTestCase', 'asynctest.TestCase',
]);

/** Project base classes named like test cases: `test.TestCase`, `_IntegratedTestBase`, `NoDBTestCase`. */
const TEST_BASE_NAME = /(?:TestCase|TestBase|TestCaseMixin|TestFixture)$/;
const TEST_FUNCTION_NAME = /^test(?:_|[A-Z]|$)/;
const PYTEST_CLASS_NAME = /^Test[A-Z_0-9]/;
const FIXTURE_DECORATORS = new Set(['pytest.fixture', 'pytest.yield_fixture']);

type Resolve = (node: Node) => string | undefined;

/**
 * Finds the test code in a file from its syntax: unittest-style test classes (through local
 * base classes too), pytest test classes, test functions and fixtures. In a file that imports
 * no test framework only test-case subclasses count, so a production `test_connection()`
 * helper stays production code.
 */
export function findTestScopes(root: Node, imports: ImportMap, resolve: Resolve): TestScopes {
  const framework = importedFramework(imports);
  const classes = testClasses(root, resolve, framework !== undefined);
  const functions = framework === undefined ? [] : testFunctions(root, resolve);
  const regions = [...classes, ...functions].sort((a, b) => a.startLine - b.startLine);
  if (framework === undefined || regions.length === 0) return { regions };
  const definitions = topLevelDefinitions(root);
  const inTests = definitions.filter((d) => regions.some((r) => r.startLine <= lineOf(d) && lineOf(d) <= r.endLine));
  // A module that is mostly tests is a test module, module-level fake data included.
  if (inTests.length * 2 < definitions.length) return { regions };
  // Name a test case or test function rather than a fixture when there is one.
  const first = regions.find((r) => !/fixture/i.test(r.reason)) ?? regions[0];
  return { fileReason: `imports ${framework}; ${first?.reason ?? 'tests'} at line ${first?.startLine ?? 1}`, regions };
}

function importedFramework(imports: ImportMap): string | undefined {
  for (const target of imports.values()) {
    if (target === 'unittest.mock' || target.startsWith('unittest.mock.')) continue;
    const framework = TEST_FRAMEWORKS.find((m) => target === m || target.startsWith(`${m}.`));
    if (framework !== undefined) return framework;
  }
  return undefined;
}

/** Classes that are test cases or fixtures, found to a fixed point so local base classes count. */
function testClasses(root: Node, resolve: Resolve, hasFramework: boolean): ContextRegion[] {
  const all = root.descendantsOfType('class_definition').filter((c): c is Node => c !== null);
  const found = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const cls of all) {
      const name = cls.childForFieldName('name')?.text ?? '';
      if (found.has(name)) continue;
      const reason = testClassReason(cls, name, resolve, found, hasFramework);
      if (reason !== undefined) {
        found.set(name, reason);
        changed = true;
      }
    }
  }
  return all.flatMap((cls) => {
    const reason = found.get(cls.childForFieldName('name')?.text ?? '');
    return reason === undefined ? [] : [regionOf(cls, reason)];
  });
}

function testClassReason(cls: Node, name: string, resolve: Resolve, known: ReadonlyMap<string, string>, hasFramework: boolean): string | undefined {
  const bases = cls.childForFieldName('superclasses');
  for (const base of bases ? namedChildrenOf(bases) : []) {
    if (base.type === 'keyword_argument') continue;
    const qualified = resolve(base);
    const written = dottedName(base);
    if (qualified !== undefined && TEST_BASES.has(qualified)) return `${qualified} subclass ${name}`;
    const last = written?.split('.').at(-1);
    if (last !== undefined && TEST_BASE_NAME.test(last)) return `test class ${name} (base ${written ?? last})`;
    if (written !== undefined && known.has(written)) return `test class ${name} (base ${written})`;
  }
  // pytest collects Test* classes with test_* methods; outside a test framework that is a coincidence.
  if (hasFramework && PYTEST_CLASS_NAME.test(name) && hasTestMethod(cls)) return `pytest test class ${name}`;
  return undefined;
}

function hasTestMethod(cls: Node): boolean {
  const body = cls.childForFieldName('body');
  return (body ? namedChildrenOf(body) : []).some((stmt) => TEST_FUNCTION_NAME.test(definitionOf(stmt)?.childForFieldName('name')?.text ?? ''));
}

/** Module-level test functions and pytest fixtures (methods are covered by their class). */
function testFunctions(root: Node, resolve: Resolve): ContextRegion[] {
  return namedChildrenOf(root).flatMap((stmt) => {
    const fn = definitionOf(stmt);
    if (fn?.type !== 'function_definition') return [];
    const name = fn.childForFieldName('name')?.text ?? '';
    if (TEST_FUNCTION_NAME.test(name)) return [regionOf(stmt, `test function ${name}()`)];
    return isFixture(stmt, resolve) ? [regionOf(stmt, `pytest fixture ${name}()`)] : [];
  });
}

function isFixture(stmt: Node, resolve: Resolve): boolean {
  if (stmt.type !== 'decorated_definition') return false;
  return namedChildrenOf(stmt)
    .filter((d) => d.type === 'decorator')
    .some((decorator) => {
      const expr = namedChildrenOf(decorator)[0];
      const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
      const name = target ? resolve(target) : undefined;
      return name !== undefined && FIXTURE_DECORATORS.has(name);
    });
}

/** The function or class a statement defines, looking through decorators. */
function definitionOf(stmt: Node): Node | undefined {
  if (stmt.type === 'function_definition' || stmt.type === 'class_definition') return stmt;
  if (stmt.type === 'decorated_definition') return stmt.childForFieldName('definition') ?? undefined;
  return undefined;
}

function topLevelDefinitions(root: Node): Node[] {
  return namedChildrenOf(root).filter((stmt) => definitionOf(stmt) !== undefined);
}

function regionOf(node: Node, reason: string): ContextRegion {
  // A decorated class or function starts at its first decorator.
  const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
  return { startLine: lineOf(outer), endLine: outer.endPosition.row + 1, context: 'test', reason };
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
