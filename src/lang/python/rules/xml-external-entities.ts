import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Evaluated } from '../constants.js';
import type { Node } from '../parser.js';
import { withDataflowEvidence } from '../taint-rule.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { fn: string; how: string };
type Ctx = PythonRuleContext<Params>;

// Python's own parsers (etree, minidom, sax, pulldom, expat) stopped fetching external entities
// in 3.7.1 (bpo-17239; see the "XML vulnerabilities" table in the xml module docs), so they are
// reported only where code turns the feature back on. lxml is the parser that still can.

/** lxml parser classes that take XMLParser's keyword options. */
const LXML_PARSERS = new Set(['lxml.etree.XMLParser', 'lxml.etree.ETCompatXMLParser', 'lxml.etree.XMLPullParser', 'lxml.objectify.makeparser']);
/** lxml functions that parse with the default parser unless given one (position of `parser`). */
const LXML_PARSE: ReadonlyMap<string, number> = new Map([
  ['lxml.etree.parse', 1], ['lxml.etree.fromstring', 1], ['lxml.etree.XML', 1], ['lxml.etree.fromstringlist', 1],
  ['lxml.objectify.parse', 1], ['lxml.objectify.fromstring', 1], ['lxml.objectify.XML', 1],
]);
/** iterparse builds its own parser from keyword options. */
const LXML_ITERPARSE = new Set(['lxml.etree.iterparse']);

/** SAX features that make the parser load external entities or the external DTD subset. */
const EXTERNAL_FEATURES = new Set([
  'xml.sax.handler.feature_external_ges', 'xml.sax.handler.feature_external_pes',
  'http://xml.org/sax/features/external-general-entities', 'http://xml.org/sax/features/external-parameter-entities',
]);

const DEFAULT_EXPLANATION =
  'lxml before 5.0 resolves external entities by default (resolve_entities=True), so a document with <!ENTITY x SYSTEM "file:///etc/passwd"> pulls local files into the parsed tree; lxml 5.0 changed the default to internal entities only. This call relies on the installed version.';

/** resolve_entities from keyword options: 'unsafe' only for a constant that enables external entities. */
function entityResolution(value: Evaluated | undefined): 'default' | 'unsafe' | 'safe' {
  if (value === undefined) return 'default';
  if (value === UNKNOWN) return 'safe'; // decided at run time: trust it
  if (value === 'internal') return 'safe';
  return isTruthy(value) ? 'unsafe' : 'safe';
}

function resolveEntitiesOf(ctx: Ctx, call: Node): Evaluated | undefined {
  const node = argument(call, 'resolve_entities');
  return node ? ctx.constants.evaluate(node) : undefined;
}

/** Parser construction (XMLParser(...), iterparse(...)): judged by its resolve_entities option. */
function checkParserOptions(ctx: Ctx, call: Node, fn: string): Finding[] {
  if (callArguments(call).hasSplat) return [];
  const verdict = entityResolution(resolveEntitiesOf(ctx, call));
  if (verdict === 'safe') ctx.note(call, 'a parser that does not resolve external entities', fn);
  if (verdict === 'unsafe') return [ctx.report(call, { fn, how: 'builds a parser with resolve_entities=True' })];
  if (verdict === 'default') {
    return [ctx.report(call, { fn, how: 'builds a parser without resolve_entities=False' }, { severity: 'medium', confidence: 'low', explanation: DEFAULT_EXPLANATION })];
  }
  return [];
}

/** A parse call with no parser uses lxml's default parser, unless the file installs a safe default. */
function checkDefaultParse(ctx: Ctx, call: Node, fn: string, parserPosition: number): Finding[] {
  const args = callArguments(call);
  if (args.hasSplat) return [];
  const parser = argument(call, 'parser', parserPosition);
  // With a parser, the parser's own construction is what gets reported (once, where it is made).
  if (parser && ctx.constants.evaluate(parser) !== null) return [];
  const setsDefault = ctx.root
    .descendantsOfType('call')
    .some((c) => c !== null && ctx.callName(c) === 'lxml.etree.set_default_parser');
  if (setsDefault) {
    ctx.note(call, 'the file installs its own default parser (set_default_parser)', fn);
    return [];
  }
  return [withDataflowEvidence(ctx, ctx.report(call, { fn, how: "parses with lxml's default parser" }, { severity: 'medium', confidence: 'low', explanation: DEFAULT_EXPLANATION }), call, 'xxe')];
}

/** Parsing functions of the standard library and defusedxml, which do not load external entities. */
const STDLIB_PARSE = /^xml\.(?:etree\.(?:c?ElementTree)\.(?:parse|fromstring|XML|iterparse|XMLParser|fromstringlist)|dom\.(?:minidom|pulldom)\.(?:parse|parseString)|sax\.(?:parse|parseString|make_parser))$/;

function noteSafeParser(ctx: Ctx, call: Node, name: string): void {
  if (name.startsWith('defusedxml.')) ctx.note(call, 'defusedxml rejects entity declarations', name);
  else if (STDLIB_PARSE.test(name)) ctx.note(call, 'the standard library parsers do not load external entities (Python 3.7.1 and later)', name);
}

/** `parser.setFeature(feature_external_ges, True)` on a SAX parser. */
function checkSaxFeature(ctx: Ctx, call: Node): Finding[] {
  if (calleeLastName(call) !== 'setFeature') return [];
  const [feature, enabled] = callArguments(call).positional;
  if (!feature || !enabled) return [];
  const featureName = ctx.names.resolve(feature) ?? ctx.constants.stringValue(feature);
  if (featureName === undefined || !EXTERNAL_FEATURES.has(featureName)) return [];
  const value = ctx.constants.evaluate(enabled);
  if (value === UNKNOWN || !isTruthy(value)) return [];
  return [ctx.report(call, { fn: 'setFeature', how: 'turns on a SAX external-entity feature' })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-XML-001',
  name: 'xml-external-entities',
  title: 'XML parser that resolves external entities (XXE)',
  cwe: Cwe.Xxe,
  relatedCwe: [Cwe.XmlEntityExpansion, Cwe.Ssrf],
  severity: 'high',
  confidence: 'high',
  description:
    'lxml parses without a parser built with resolve_entities=False (or with resolve_entities=True), or a SAX parser has external entities switched on.',
  explanation:
    'An external entity makes the parser read the file or URL it names and put the content into the document, so an attacker who supplies the XML can read local files (file:///etc/passwd) or make the server send requests to internal hosts.',
  fix: 'Parse untrusted XML with defusedxml, or with lxml.etree.XMLParser(resolve_entities=False, no_network=True) passed as parser=. Do not switch on feature_external_ges/feature_external_pes.',
  bandit: ['B320'],
  docs: {
    why: 'XXE turns an XML upload or API body into a file-read and server-side request forgery primitive. lxml resolved external entities by default until 5.0, and SAX parsers do whenever the feature is switched on.',
    bad: 'from lxml import etree\ntree = etree.fromstring(body, etree.XMLParser(resolve_entities=True))',
    good: 'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\ntree = etree.fromstring(body, parser)',
    notDetected:
      'The standard library parsers (xml.etree, minidom, sax, pulldom, expat) are not reported by default: since Python 3.7.1 they do not load external entities. Entity-expansion bombs (billion laughs) are not reported. An expat parser given an ExternalEntityRefHandler is not followed. lxml calls that rely on the default parser are reported with low confidence, because lxml 5.0 stopped resolving external entities by default.',
    references: [
      'https://cwe.mitre.org/data/definitions/611.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://lxml.de/api/lxml.etree.XMLParser-class.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html#python',
    ],
  },
  message: ({ fn, how }) => `${fn}() ${how}, so parsed XML can pull in local files or URLs through external entities`,
  visits: ['call'],
  // Every parser it judges or notes is under xml, lxml or defusedxml; setFeature is any SAX parser's.
  fileMentions: ['xml', 'setFeature'],
  check(ctx, call) {
    const name = ctx.callName(call);
    if (name !== undefined && (LXML_PARSERS.has(name) || LXML_ITERPARSE.has(name))) return checkParserOptions(ctx, call, name);
    const parserPosition = name !== undefined ? LXML_PARSE.get(name) : undefined;
    if (name !== undefined && parserPosition !== undefined) return checkDefaultParse(ctx, call, name, parserPosition);
    if (name !== undefined) noteSafeParser(ctx, call, name);
    return checkSaxFeature(ctx, call);
  },
});
