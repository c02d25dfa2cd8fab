import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-XPATH-001',
  name: 'xpath-injection',
  title: "XPath injection: untrusted data in an XPath expression",
  cwe: Cwe.XpathInjection,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'xpath',
  description: "Untrusted data is spliced into an XPath expression (lxml xpath/XPath, ElementTree find/findall).",
  explanation: "Quotes and XPath operators in the value change the query, so an attacker can read other nodes of the document or bypass a check: ' or '1'='1 matches everything.",
  fix: "Pass values as XPath variables: tree.xpath(\"//user[@name=$name]\", name=value), or validate them against an allow-list.",
  docs: {
    why: "XPath injection exposes the whole XML document and breaks logic that uses XPath for authorisation.",
    bad: "from lxml import etree\nfrom flask import request\n\ndef find(tree):\n    return tree.xpath(\"//user[@name='\" + request.args[\"name\"] + \"']\")",
    good: "from lxml import etree\nfrom flask import request\n\ndef find(tree):\n    return tree.xpath(\"//user[@name=$name]\", name=request.args[\"name\"])",
    notDetected: "XQuery and XSLT parameters are not followed.",
    references: [
      "https://cwe.mitre.org/data/definitions/643.html",
      "https://lxml.de/xpathxslt.html#the-xpath-method",
    ],
  },
  message: ({ source, sink }) => `${source} reaches the XPath expression of ${sink}`,
});
