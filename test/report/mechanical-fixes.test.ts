import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { fixedLines, mechanicalFix, MECHANICALLY_FIXABLE_RULES } from '../../src/report/mechanical-fixes.js';
import { runReview } from '../../src/review/review.js';

/** The real findings of `code` (rules as shipped), so the fixes are tested on the spans rules report. */
async function findingsOf(code: string): Promise<Finding[]> {
  const result = await runReview({ snippets: [{ name: 'app.py', text: code, frontend: pythonFrontend }], frontends: [pythonFrontend], cwd: '/' });
  return [...result.findings];
}

/** The file after applying the fix of the only finding of `ruleId`, or undefined when there is none. */
async function fixed(code: string, ruleId: string): Promise<string | undefined> {
  const findings = (await findingsOf(code)).filter((f) => f.ruleId === ruleId);
  expect(findings, `one ${ruleId} finding in:\n${code}`).toHaveLength(1);
  const f = findings[0]!;
  const fix = mechanicalFix(f);
  if (!fix) return undefined;
  const lines = fixedLines(f, fix);
  if (!lines) return undefined;
  const all = code.split('\n');
  all.splice(f.line - 1, f.endLine - f.line + 1, ...lines);
  return all.join('\n');
}

describe('mechanical fixes', () => {
  it('only covers rules whose fix needs no decision', () => {
    expect(MECHANICALLY_FIXABLE_RULES).toEqual(['PY-DESER-002', 'PY-FLASK-001', 'PY-TLS-001', 'PY-TLS-002', 'PY-TMPL-001']);
  });

  it('turns yaml.load(text) into yaml.safe_load(text)', async () => {
    expect(await fixed('import yaml\ndata = yaml.load(body)\n', 'PY-DESER-002')).toBe('import yaml\ndata = yaml.safe_load(body)\n');
  });

  it('keeps an import alias and replaces an unsafe Loader with SafeLoader', async () => {
    expect(await fixed('import yaml as y\ncfg = y.load(body, Loader=y.Loader)\n', 'PY-DESER-002')).toBe('import yaml as y\ncfg = y.load(body, Loader=y.SafeLoader)\n');
    expect(await fixed('import yaml\ncfg = yaml.load(body, yaml.CLoader)\n', 'PY-DESER-002')).toBe('import yaml\ncfg = yaml.load(body, yaml.CSafeLoader)\n');
    expect(await fixed('import yaml\ncfg = yaml.unsafe_load(body)\n', 'PY-DESER-002')).toBe('import yaml\ncfg = yaml.safe_load(body)\n');
  });

  it('offers nothing where the edit would need a new import or a guess', async () => {
    expect(await fixed('from yaml import load\ndata = load(body)\n', 'PY-DESER-002')).toBeUndefined();
    expect(await fixed('import yaml\nL = yaml.Loader\ndata = yaml.load(body, Loader=L)\n', 'PY-DESER-002')).toBeUndefined();
  });

  it('removes verify=False with its comma, wherever it sits in the call', async () => {
    expect(await fixed('import requests\nrequests.get(url, verify=False, timeout=5)\n', 'PY-TLS-001')).toBe('import requests\nrequests.get(url, timeout=5)\n');
    expect(await fixed('import requests\nrequests.get(url, timeout=5, verify=False)\n', 'PY-TLS-001')).toBe('import requests\nrequests.get(url, timeout=5)\n');
    expect(await fixed('import httpx\nclient = httpx.Client(verify=False)\n', 'PY-TLS-001')).toBe('import httpx\nclient = httpx.Client()\n');
  });

  it('handles a call that spans several lines', async () => {
    const code = 'import requests\nrequests.post(\n    url,\n    json={"a": "x,y"},\n    verify=False,\n)\n';
    expect(await fixed(code, 'PY-TLS-001')).toBe('import requests\nrequests.post(\n    url,\n    json={"a": "x,y"},\n)\n');
  });

  it('does not touch a value computed elsewhere', async () => {
    expect(await fixed('import requests\nVERIFY = False\nrequests.get(url, verify=VERIFY, timeout=5)\n', 'PY-TLS-001')).toBeUndefined();
  });

  it('turns the debugger and autoescaping to their safe settings', async () => {
    expect(await fixed('from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n', 'PY-FLASK-001')).toBe('from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n');
    expect(await fixed('import jinja2\nenv = jinja2.Environment(autoescape=False)\n', 'PY-TMPL-001')).toBe('import jinja2\nenv = jinja2.Environment(autoescape=True)\n');
  });

  it('replaces an unverified SSL context with the default one', async () => {
    expect(await fixed('import ssl\nctx = ssl._create_unverified_context()\n', 'PY-TLS-002')).toBe('import ssl\nctx = ssl.create_default_context()\n');
  });

  it('has no fix for rules whose remedy is a design choice', async () => {
    const [finding] = (await findingsOf('import hashlib\ndef h(password):\n    return hashlib.md5(password.encode()).hexdigest()\n')).filter((f) => f.ruleId.startsWith('PY-CRYPTO'));
    expect(finding).toBeDefined();
    expect(mechanicalFix(finding!)).toBeUndefined();
  });
});
