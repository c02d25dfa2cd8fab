import { describe, expect, it } from 'vitest';
import { indexSpecs } from '../../src/dataflow/matcher.js';
import { buildFileFacts } from '../../src/lang/python/facts.js';
import { collectFunctions } from '../../src/lang/python/flow/functions.js';
import { FunctionRelevance, localNamesOf, sinkMentions } from '../../src/lang/python/flow/relevance.js';
import type { ImportedSinks } from '../../src/lang/python/flow/relevance.js';
import { frameworkSpecs } from '../../src/lang/python/flow/specs/index.js';
import { createPythonParser } from '../../src/lang/python/parser.js';

const specs = indexSpecs(frameworkSpecs);
const parser = await createPythonParser();

/**
 * Functions of other modules with a sink inside, by qualified name (`app.db.Repo.__init__`), as
 * the engine describes them; `methods` are of classes of that name. Names resolved in the test
 * files need no making absolute.
 */
function importedSinksOf(qualified: readonly string[], methods: readonly string[] = []): ImportedSinks {
  const words = new Map<string, string[]>();
  for (const name of qualified) {
    const parts = name.split('.');
    const constructor = parts.at(-1) === '__init__';
    const word = parts.at(constructor ? -2 : -1) as string;
    const owner = methods.includes(name) ? [parts.at(-2) as string] : [];
    words.set(word, [...(words.get(word) ?? []), ...owner]);
  }
  return { words, resolves: (q) => qualified.includes(q) || qualified.includes(`${q}.__init__`) };
}

/** The relevance of the functions of `text` before any is analysed. */
function relevanceOf(text: string, importedSinks: readonly string[] = [], methods: readonly string[] = [], calledElsewhere?: (key: string) => boolean): FunctionRelevance {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  const facts = buildFileFacts({ path: 'app/m.py', text, context: 'production' }, tree);
  const fns = collectFunctions(facts.root);
  const mentions = sinkMentions({ specs, text, names: facts.names, importedSinks: importedSinksOf(importedSinks, methods), localNames: localNamesOf(fns) });
  return new FunctionRelevance(fns, mentions, new Set(), calledElsewhere);
}

/**
 * The functions of `text` the taint engine would analyse if every relevant function passed a
 * parameter to a sink (so all their callers are added too), in the file's order.
 */
function relevant(text: string, importedSinks: readonly string[] = [], methods: readonly string[] = []): string[] {
  const relevance = relevanceOf(text, importedSinks, methods);
  while (relevance.addCallersOf(new Set(relevance.keys())).length > 0);
  return relevance.keys();
}

describe('relevant functions', () => {
  it('keeps functions that call a sink however its name is spelled, and drops look-alikes', () => {
    const text = [
      'import os',
      'import subprocess as sp',
      'import xml.sax',
      'from os import system as sh',
      '',
      'def qualified(c): os.system(c)',
      'def module_alias(c): sp.call(c, shell=True)',
      'def from_alias(c): sh(c)',
      'def builtin(p): return open(p)',
      'def deep(p): return xml.sax.parseString(p)',
      'def string_method(s): return s.replace("a", "b")',
      'def list_method(xs): xs.remove(1)',
      'def regex(p): return re.compile(p)',
      'def own_method(self): return self.open()',
    ].join('\n');
    expect(relevant(text)).toEqual(['qualified', 'module_alias', 'from_alias', 'builtin', 'deep']);
  });

  it('does not count a module function of a module the file does not import', () => {
    // `shutil.copy` is a sink, but without `import shutil` this `.copy` is some other object's.
    expect(relevant('import copy\n\ndef f(d): return d.copy()\n\ndef g(d): return copy.copy(d)\n')).toEqual([]);
  });

  it('follows a sink bound to a module-level name', () => {
    const text = 'import subprocess\n\nrun = subprocess.run\n\ndef f(c): run(c, shell=True)\n\ndef g(job): job.run()\n';
    expect(relevant(text)).toEqual(['f']);
  });

  it('counts a method on a receiver the text cannot settle (a dot starting a continued line)', () => {
    const text = 'def f(q):\n    return (Entry.objects\n            .raw(q))\n\ndef g(q):\n    return (thing\n            .rawish(q))\n';
    expect(relevant(text)).toEqual(['f']);
  });

  it('needs the right receiver name for methods that are sinks only on some receivers', () => {
    // headers.add is a header sink; add on a set is not.
    const text = 'def f(resp, v): resp.headers.add("X", v)\n\ndef g(seen, v): seen.add(v)\n';
    expect(relevant(text)).toEqual(['f']);
  });

  it('keeps the methods that may store into a field a relevant method reads, and the methods calling them', () => {
    const text = [
      'import os',
      '',
      'class Tool:',
      '    def __init__(self, c): self.c = c',
      '    def set_pair(self, a): self.c, self.d = a, a',
      '    def set_cmd(self, c): self.c = c',
      '    def load(self, argv): self.set_cmd(argv[1])',
      '    def describe(self): return "tool " + self.name',
      '    def note(self, v): self.notes.append(v)',
      '    def go(self): os.system(self.c)',
    ].join('\n');
    expect(relevant(text)).toEqual(['Tool.__init__', 'Tool.set_pair', 'Tool.set_cmd', 'Tool.load', 'Tool.go']);
    // Once go() reads notes too, the method appending to it matters.
    expect(relevant(text.replace('os.system(self.c)', 'os.system(self.c + str(self.notes))'))).toContain('Tool.note');
  });

  it('keeps callers of relevant functions, their callees, and the methods feeding a relevant method', () => {
    const text = [
      'import os',
      '',
      'def run_it(c): os.system(c)',
      'def caller(c): run_it(helper(c))',
      'def helper(c): return c.strip()',
      'def unrelated(c): return c',
      '',
      'class Tool:',
      '    def set(self, c): self.c = c',
      '    def go(self): os.system(self.c)',
    ].join('\n');
    expect(relevant(text)).toEqual(['run_it', 'caller', 'helper', 'Tool.set', 'Tool.go']);
  });

  it('adds callers only of the functions asked for, with what those callers need', () => {
    const text = [
      'import os',
      '',
      'def run_it(c): os.system(c)',
      'def fixed(): os.system("ls")',
      'def caller(c): run_it(helper(c))',
      'def helper(c): return c.strip()',
      'def calls_fixed(): fixed()',
      'def outer(c): caller(c)',
    ].join('\n');
    const relevance = relevanceOf(text);
    expect(relevance.keys()).toEqual(['run_it', 'fixed']);
    // run_it passes its parameter to the sink: its callers matter, and what they call.
    expect(relevance.addCallersOf(new Set(['run_it']))).toEqual(['caller', 'helper']);
    // Asked again only once caller is found to pass its parameter on.
    expect(relevance.addCallersOf(new Set(['caller']))).toEqual(['outer']);
    expect(relevance.addCallersOf(new Set(['run_it']))).toEqual([]);
    expect(relevance.keys()).toEqual(['run_it', 'fixed', 'caller', 'helper', 'outer']);
  });

  it('keeps from the start the callers that other reviewed files call', () => {
    const text = ['import os', '', 'def run_it(c): os.system(c)', 'def api(c): return run_it(c)', 'def inner(c): run_it(c)'].join('\n');
    expect(relevanceOf(text).keys()).toEqual(['run_it']);
    expect(relevanceOf(text, [], [], (key) => key === 'api').keys()).toEqual(['run_it', 'api']);
  });

  it('tells a method call (after a dot) from a call of a function with the same name', () => {
    const text = [
      'import os',
      '',
      'class Job:',
      '    def start(self, c): os.system(c)',
      '',
      'def start(): return 1',
      'def via_method(job, c): job.start(c)',
      'def via_function(): return start()',
    ].join('\n');
    expect(relevant(text)).toEqual(['Job.start', 'via_method']);
  });

  it('keeps a function calling another reviewed module function with a sink inside', () => {
    expect(relevant('from app.db import run_query\n\ndef main(q): run_query(q)\n\ndef other(q): return q\n', ['app.db.run_query'])).toEqual(['main']);
  });

  it('tells calls into another reviewed module from look-alike method calls', () => {
    const text = [
      'import app.store',
      'from app import store as st',
      'from app.db import Repo',
      '',
      'def qualified(k): return app.store.get(k)',
      'def aliased(k): return st.get(k)',
      'def dict_get(d, k): return d.get(k)',
      'def constructs(q): Repo(q)',
      'def method(repo, q): repo.go(q)',
      'def other_go(runner, q): runner.go(q)',
    ].join('\n');
    const sinks = ['app.store.get', 'app.db.Repo.__init__', 'app.db.Repo.go'];
    // `runner.go` may be a Repo's method: the class is named in the file, so it counts.
    const methods = ['app.db.Repo.go'];
    expect(relevant(text, sinks, methods)).toEqual(['qualified', 'aliased', 'constructs', 'method', 'other_go']);
    // Without the class in the file, no value here can be one of its instances.
    expect(relevant('import app.store\n\ndef dict_get(d, k): return d.get(k)\n\ndef go(runner, q): runner.go(q)\n', sinks, methods)).toEqual([]);
  });
});
