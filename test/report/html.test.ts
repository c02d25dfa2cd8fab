import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import { highlightPython } from '../../src/report/html-assets/python-highlight.js';
import { renderHtml } from '../../src/report/html.js';
import { cleanResult, cleanWithErrorsResult, sampleInfo, sampleResult } from './sample.js';
import { sampleSources } from './sample-sources.js';

const html = renderHtml(sampleResult, { ...sampleInfo(), sources: sampleSources });

/** Every `<tag …>` opening tag of a kind, as written. */
function tags(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);
}

describe('html report', () => {
  it('is one self-contained document: no external script, style, font, image or frame', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(tags(html, 'script').every((t) => !/\bsrc=/.test(t))).toBe(true);
    expect(tags(html, 'link').every((t) => /rel="icon" href="data:,"/.test(t))).toBe(true);
    expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio)\b/);
    expect(html).not.toMatch(/@import|url\(|@font-face/);
  });

  it('allows exactly its own inline style and script through its Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(script)}`);
  });

  it('has one card per finding, in report order, with the attributes the filters use', () => {
    const cards = tags(html, 'article');
    expect(cards).toHaveLength(6);
    expect(cards.map((c) => /data-severity="(\w+)" data-cwe="(CWE-\d+)"/.exec(c)?.slice(1).join(' '))).toEqual([
      'high CWE-78',
      'high CWE-78',
      'critical CWE-95',
      'critical CWE-95',
      'medium CWE-78',
      'low CWE-95',
    ]);
    expect(tags(html, 'section').filter((t) => t.includes('file-group'))).toHaveLength(4);
  });

  it('offers a filter for each severity present and each CWE', () => {
    expect(tags(html, 'input').map((t) => /value="(\w+)"/.exec(t)?.[1])).toEqual(['critical', 'high', 'medium', 'low']);
    expect(tags(html, 'option').map((t) => /value="([^"]*)"/.exec(t)?.[1])).toEqual(['', 'CWE-78', 'CWE-95']);
  });

  it('shows the code around a finding with line numbers, the flagged line marked and its span underlined', () => {
    const row = /<tr class="flagged"><td class="ln">12<\/td><td class="src">(.*?)<\/td><\/tr>/.exec(html)?.[1] ?? '';
    expect(row.replace(/<[^>]+>/g, '')).toBe('    os.system(&#34;ping -c 1 &#34; + host)');
    const underlined = [...row.matchAll(/<span class="[^"]*\bhit\b[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]).join('');
    expect(underlined).toBe('os.system(&#34;ping -c 1 &#34; + host)');
    expect(html).toContain('<tr><td class="ln">11</td>');
  });

  it('shows the dataflow as numbered steps from source to sink', () => {
    const flow = /<ol class="steps">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const steps = [...flow.matchAll(/<span class="where">line (\d+:\d+)<\/span><span class="what"><code>([^<]*)<\/code>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(steps).toEqual(['11:12 request.args', '11:5 host', '12:5 os.system']);
    expect(flow).toContain('<li class="source">');
    expect(flow).toContain('<li class="sink">');
  });

  it('escapes everything that comes from the reviewed code', () => {
    const evil = { ...sampleResult.findings[0]!, message: '</script><script>alert(1)</script>', snippet: 'x = "<b>"', file: 'a"b.py' };
    const out = renderHtml({ ...sampleResult, findings: [evil] }, sampleInfo());
    expect(out.match(/<script>/g)).toHaveLength(1);
    expect(out).toContain('&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(out).toContain('&#60;b&#62;');
    expect(out).not.toContain('a"b.py');
  });

  it('says exactly the clean verdict, with no filters or script, when there is nothing to report', () => {
    const clean = renderHtml(cleanResult, sampleInfo());
    expect(clean).toContain(`<p>${CLEAN_VERDICT}</p>`);
    expect(clean).not.toContain('<script>');
    expect(clean).not.toContain('class="toolbar"');
    expect(renderHtml(cleanWithErrorsResult, sampleInfo())).toContain('2 files could not be fully reviewed');
    expect(html).not.toContain(CLEAN_VERDICT);
  });

  it('stays a reasonable size for a single file', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(80_000);
  });
});

describe('python highlighter', () => {
  const kinds = (code: string): string[] => highlightPython(code).flat().filter((t) => t.kind !== 'plain').map((t) => `${t.kind}:${t.text}`);

  it('colours keywords, definitions, strings, numbers, comments, decorators and calls', () => {
    expect(kinds('@app.route("/x")\ndef ping(n=1):  # hi\n    return len(n)')).toEqual([
      'decorator:@app.route', 'string:"/x"', 'keyword:def', 'definition:ping', 'number:1', 'comment:# hi', 'keyword:return', 'builtin:len',
    ]);
  });

  it('keeps a triple-quoted string across lines and returns one token list per line', () => {
    const lines = highlightPython('s = """a\nb # not a comment\n"""\nx = 2');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toEqual([{ kind: 'string', text: 'b # not a comment' }]);
    expect(lines[3]?.map((t) => t.kind)).toEqual(['plain', 'plain', 'plain', 'plain', 'number']);
  });

  it('handles prefixes, escapes and Unicode identifiers', () => {
    expect(kinds('f"{a}\\"" + rb\'x\'')).toEqual(['string:f"{a}\\""', "string:rb'x'"]);
    expect(kinds('结果 = eval(用户输入)')).toEqual(['builtin:eval']);
  });
});
