// The nested-quantifier analysis behind PY-REDOS-001, on patterns whose behaviour is known.
import { describe, expect, it } from 'vitest';
import { findBacktracking, stripVerbose } from '../../src/lang/python/rules/support/regex.js';

describe('findBacktracking', () => {
  it.each([
    ['^(a+)+$', '(a+)+'],
    ['^(\\w+\\s?)*$', '(\\w+\\s?)*'],
    ['^(\\d+,?)+$', '(\\d+,?)+'],
    ['^(\\w+\\d+)+$', '(\\w+\\d+)+'],
    ['(.*)*x', '(.*)*'],
    ['^([a-z0-9-]{1,63}\\.?)+$', '([a-z0-9-]{1,63}\\.?)+'],
    ['^(?:(?:a+)b?)+$', '(?:(?:a+)b?)+'],
    ['^(?P<word>[a-z]+)+!', '(?P<word>[a-z]+)+'],
  ])('reports %s', (pattern, fragment) => {
    expect(findBacktracking(pattern)?.fragment).toBe(fragment);
  });

  it.each([
    ['(a+)+', 'nothing after the group can fail in search/match'],
    ['^(\\w+\\s)*$', 'each iteration ends with a separator the word cannot match'],
    ['^([a-z]+\\.)+com$', 'mandatory dot between iterations'],
    ['^(a+b+)+$', 'iterations can only split at an a→b boundary'],
    ['^(?:a|b)*$', 'single characters'],
    ['^(?>a+)+$', 'atomic group'],
    ['^(a++)+$', 'possessive quantifier'],
    ['^(\\s*,\\s*\\w+)*$', 'mandatory comma'],
    ['^([^"\\\\]|\\\\.)*$', 'disjoint alternatives of fixed length'],
    ['^(a{2})+$', 'fixed-length body'],
    ['(unclosed', 'not a valid pattern'],
  ])('accepts %s (%s)', (pattern) => {
    expect(findBacktracking(pattern)).toBeUndefined();
  });

  it('requires a failing tail unless the whole input must match', () => {
    expect(findBacktracking('(\\w+\\s?)*')).toBeUndefined();
    expect(findBacktracking('(\\w+\\s?)*', { anchoredEnd: true })?.fragment).toBe('(\\w+\\s?)*');
  });

  it('reads an escape past Unicode as a character, without failing', () => {
    expect(findBacktracking('00000\\0\\00\\^\\00\\U05000000')).toBeUndefined();
    expect(findBacktracking('\\U05000000(a+)+$')?.fragment).toBe('(a+)+');
  });

  it('reads verbose patterns without their whitespace and comments', () => {
    expect(stripVerbose(' ^ ( a + ) + $  # letters\n [ ] ')).toBe('^(a+)+$[ ]');
    expect(findBacktracking('^ (a +) + $', { verbose: true })?.fragment).toBe('(a+)+');
    expect(findBacktracking('(?x) ^ ( a + ) + $')?.fragment).toBe('(a+)+');
  });
});
