import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { what: string; effect: string };
type Ctx = PythonRuleContext<Params>;

/** lxml parser constructors that accept huge_tree. */
const LXML_PARSERS = new Set([
  'lxml.etree.XMLParser', 'lxml.etree.ETCompatXMLParser', 'lxml.etree.XMLPullParser', 'lxml.etree.iterparse',
  'lxml.objectify.makeparser', 'lxml.etree.XMLTreeBuilder',
]);
const XMLTODICT = new Set(['xmltodict.parse']);

/** The constant truth of a keyword argument: true/false, or undefined when absent or dynamic. */
function keywordFlag(ctx: Ctx, call: Node, name: string): boolean | undefined {
  const node = callArguments(call).keywords.get(name);
  const value = node ? ctx.constants.evaluate(node) : UNKNOWN;
  return value === UNKNOWN ? undefined : isTruthy(value);
}

export const rule = definePythonRule<Params>({
  id: 'PY-XML-002',
  name: 'xml-entity-expansion',
  title: 'XML parser without entity-expansion limits (billion laughs)',
  cwe: Cwe.XmlEntityExpansion,
  relatedCwe: [Cwe.ResourceConsumption],
  severity: 'medium',
  confidence: 'high',
  description:
    'An lxml parser is built with huge_tree=True, which lifts libxml2\'s limits on entity expansion, nesting depth and text size; or xmltodict.parse() is called with disable_entities=False.',
  explanation:
    'A few hundred bytes of nested entity definitions (<!ENTITY a "&b;&b;&b;…">) expand to gigabytes of text. libxml2 refuses such documents by default and xmltodict ignores entities, but these options switch the protection off, so one small XML request can exhaust the server\'s memory and CPU.',
  fix: 'Leave huge_tree off for XML that comes from outside and keep xmltodict\'s default disable_entities=True. To parse untrusted XML with the standard library, use defusedxml.',
  docs: {
    why: 'Entity expansion ("billion laughs") is a denial of service that passes every size limit on the request body, because the amplification happens inside the parser.',
    bad: 'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False, huge_tree=True)\ntree = etree.fromstring(body, parser)',
    good: 'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False)\ntree = etree.fromstring(body, parser)',
    notDetected:
      'The standard library parsers (xml.etree, minidom, sax, pulldom, expat) are protected only with expat 2.4.1 or later, which depends on the Python build, not on the code; they are not reported. External entities (XXE) are reported by PY-XML-001. Options passed through **kwargs or computed at run time are not judged.',
    references: [
      'https://cwe.mitre.org/data/definitions/776.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://lxml.de/api/lxml.etree.XMLParser-class.html',
      'https://github.com/martinblech/xmltodict#security',
    ],
  },
  message: ({ what, effect }) => `${what} ${effect}, so a small document with nested entities can exhaust memory`,
  visits: ['call'],
  callees: lastNamesOf(LXML_PARSERS, XMLTODICT),
  check(ctx, call): Finding[] {
    const name = ctx.callName(call);
    if (name === undefined) return [];
    if (LXML_PARSERS.has(name) && keywordFlag(ctx, call, 'huge_tree') === true) {
      return [ctx.report(call, { what: `${name}(huge_tree=True)`, effect: "turns off libxml2's entity-expansion and depth limits" })];
    }
    if (XMLTODICT.has(name) && keywordFlag(ctx, call, 'disable_entities') === false) {
      return [ctx.report(call, { what: 'xmltodict.parse(disable_entities=False)', effect: 'expands entities defined in the document' })];
    }
    return [];
  },
});
