import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absolutize, moduleNameOf, publishedNames } from '../../src/lang/python/flow/project.js';
import { frontends } from '../../src/review/languages.js';
import { runReview } from '../../src/review/review.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'secreview-xfile-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const UTIL = `import os
import subprocess


def run_tool(name):
    os.system("tool --name " + name)


def build_query(user):
    return "SELECT * FROM t WHERE u = '" + user + "'"


def cleanup(path):
    subprocess.call("rm -rf " + path, shell=True)


class Runner:
    def __init__(self, cmd):
        self.cmd = cmd

    def go(self):
        os.system("run " + self.cmd)
`;

const VIEWS = `import sqlite3
from flask import Flask, request
from .util import run_tool, build_query, Runner
from app import util

app = Flask(__name__)


@app.route("/a")
def a():
    run_tool(request.args["n"])
    db = sqlite3.connect("x")
    db.execute(build_query(request.args["u"]))
    util.cleanup("/tmp/fixed")
    Runner(request.args["c"]).go()
    return "ok"
`;

describe('cross-file dataflow', () => {
  it('follows calls into other reviewed modules and reports at the call site', async () => {
    const root = tree({ 'app/__init__.py': '', 'app/util.py': UTIL, 'app/views.py': VIEWS });
    const result = await runReview({ paths: ['.'], frontends, cwd: root });
    const found = result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(found).toEqual([
      'app/views.py:11 PY-CMD-001', // run_tool(request.args) → os.system in util.py
      'app/views.py:13 PY-SQLI-001', // build_query returns its parameter spliced into SQL
      'app/views.py:15 PY-CMD-001', // Runner(request.args).go() → os.system via self.cmd
    ]);
    const viaCall = result.findings.find((f) => f.line === 11);
    expect(viaCall?.message).toContain('app/util.py:6');
    expect(viaCall?.confidence).toBe('high');
  });

  it('treats a function as having unknown callers only when no reviewed file calls it', async () => {
    const alone = await runReview({ paths: ['.'], frontends, cwd: tree({ 'app/util.py': UTIL }) });
    expect(alone.findings.map((f) => `${f.line} ${f.ruleId} ${f.confidence}`)).toEqual([
      '6 PY-CMD-001 low',
      '14 PY-CMD-001 low',
      '22 PY-CMD-001 low',
    ]);
    // With the caller present, util.py's functions are judged through their call sites:
    // cleanup() only ever gets a constant, so nothing is reported inside util.py.
    const both = await runReview({ paths: ['.'], frontends, cwd: tree({ 'app/__init__.py': '', 'app/util.py': UTIL, 'app/views.py': VIEWS }) });
    expect(both.findings.filter((f) => f.file === 'app/util.py')).toEqual([]);
  });

  it('explains a sink that several uncalled functions reach from the most direct one', async () => {
    // run() is called, so its parameter is judged at the call sites; the two callers have none.
    // The shorter flow (from quick) explains the finding, although longer() comes first.
    const text = [
      'import os',
      '',
      '',
      'def longer(x):',
      '    y = x',
      '    z = y',
      '    run("ls " + z)',
      '',
      '',
      'def quick(x):',
      '    run("ls " + x)',
      '',
      '',
      'def run(cmd):',
      '    os.system(cmd)',
      '',
    ].join('\n');
    const result = await runReview({ paths: ['.'], frontends, cwd: tree({ 'tool.py': text }) });
    expect(result.findings.map((f) => `${f.line} ${f.ruleId} ${f.confidence}`)).toEqual(['15 PY-CMD-001 low']);
    expect(result.findings[0]?.dataflow?.[0]?.note).toBe('parameter x of quick()');
  });

  it('judges calls the specs model by the spec, also when the reviewed tree holds that library', async () => {
    // A tree with its own os.py and shlex.py (the standard library reviewed as a project, or a
    // vendored copy): their functions' summaries must not replace what the specs say, or the
    // os.system sink would be missed (its summary only returns its argument) and shlex.quote
    // would stop being the command sanitizer.
    const os = 'def system(command):\n    return command\n';
    const shlex = 'def quote(s):\n    return "\'" + s.replace("\'", "") + "\'"\n';
    const tool = 'import os\nimport shlex\nimport sys\n\n\ndef main():\n    os.system("cat " + sys.argv[1])\n\n\ndef quoted():\n    os.system("cat " + shlex.quote(sys.argv[1]))\n';
    const result = await runReview({ paths: ['.'], frontends, cwd: tree({ 'os.py': os, 'shlex.py': shlex, 'tool.py': tool }) });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['tool.py:7 PY-CMD-001']);
  });
});

describe('module names', () => {
  it('analyses a function whose only sink is inside another reviewed module, even when it names no sink', async () => {
    // main() mentions no sink of its own: it is worth analysing only because run_query and
    // Repo (constructor) pass a parameter to execute() in db.py. fixed() is the safe look-alike:
    // it calls run_query with a constant.
    const db = 'import sqlite3\n\n\ndef run_query(text):\n    return sqlite3.connect("a.db").execute("SELECT * FROM t WHERE n = \'" + text + "\'")\n\n\nclass Repo:\n    def __init__(self, name):\n        sqlite3.connect("a.db").execute("DELETE FROM t WHERE n = \'" + name + "\'")\n';
    // aliased() calls run_query under another name.
    const cli = 'import sys\nfrom app.db import run_query, Repo\nfrom app.db import run_query as rq\n\n\ndef main():\n    run_query(sys.argv[1])\n\n\ndef other():\n    Repo(sys.argv[2])\n\n\ndef fixed():\n    run_query("admin")\n\n\ndef aliased():\n    rq(sys.argv[3])\n';
    const result = await runReview({ paths: ['.'], frontends, cwd: tree({ 'app/__init__.py': '', 'app/db.py': db, 'app/cli.py': cli }) });
    expect(result.findings.filter((f) => f.file === 'app/cli.py').map((f) => `${f.line} ${f.ruleId}`)).toEqual(['7 PY-SQLI-001', '11 PY-SQLI-001', '19 PY-SQLI-001']);
  });

  it('derives dotted names from paths', () => {
    expect(moduleNameOf('pkg/sub/mod.py')).toBe('pkg.sub.mod');
    expect(moduleNameOf('pkg/__init__.py')).toBe('pkg');
  });

  it('resolves relative imports', () => {
    expect(absolutize('.util.run', 'app.views', false)).toBe('app.util.run');
    expect(absolutize('..x.f', 'a.b.c', false)).toBe('a.x.f');
    expect(absolutize('.mod.f', 'pkg', true)).toBe('pkg.mod.f');
    expect(absolutize('os.system', 'app.views', false)).toBe('os.system');
  });

  it('publishes summaries under every module-path suffix', () => {
    expect(publishedNames('src.pkg.mod.Runner.__init__', 'Runner.__init__')).toEqual([
      'src.pkg.mod.Runner.__init__',
      'pkg.mod.Runner.__init__',
      'mod.Runner.__init__',
    ]);
  });
});
