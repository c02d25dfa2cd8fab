// The cheap test that lets the credential rules skip most names must never skip a credential name.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialKind, mayNameCredential, splitNameParts } from '../../src/lang/python/rules/hardcoded-credential.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'python');

/** Every word and every quoted key of the Python fixtures: the names the rules meet there. */
function fixtureNames(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.py')) continue;
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*|"[^"\n]{1,60}"|'[^'\n]{1,60}'/g)) names.add(match[0].replace(/^["']|["']$/g, ''));
  }
  return names;
}

describe('mayNameCredential', () => {
  it.each(['password', 'DB_PASSWORD', 'dbPassword2', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'auth_token', 'PassPhrase', 'user_pwd', 'admin_pass', 'Credentials', 'X-Api-Key'])(
    'keeps %s, a credential name',
    (name) => {
      expect(credentialKind(splitNameParts(name))).toBeDefined();
      expect(mayNameCredential(name)).toBe(true);
    },
  );

  it('skips only names that are not credential names (every word of the fixtures)', () => {
    const names = fixtureNames();
    expect(names.size).toBeGreaterThan(1000);
    const skipped = [...names].filter((name) => !mayNameCredential(name));
    expect(skipped.length).toBeGreaterThan(names.size / 2);
    expect(skipped.filter((name) => credentialKind(splitNameParts(name)) !== undefined)).toEqual([]);
  });
});
