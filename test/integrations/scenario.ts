// The change both poster tests review: a file with an old vulnerable line (yaml.load, line 6)
// and a change that appends a new one (requests.get(verify=False), line 10).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVICE_PATH = 'app/service.py';

export const SERVICE_AFTER = [
  'import requests',
  'import yaml',
  '',
  '',
  'def load(text):',
  '    return yaml.load(text)',
  '',
  '',
  'def fetch(url):',
  '    return requests.get(url, verify=False, timeout=5)',
  '',
].join('\n');

/** The hunks of the change, as GitHub's `patch` field gives them. */
export const SERVICE_HUNKS = [
  '@@ -4,3 +4,7 @@ import yaml',
  ' ',
  ' def load(text):',
  '     return yaml.load(text)',
  '+',
  '+',
  '+def fetch(url):',
  '+    return requests.get(url, verify=False, timeout=5)',
].join('\n');

/** The change as `git format-patch` writes it (what Gerrit's /patch endpoint returns). */
export const FORMAT_PATCH = [
  'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
  'From: Dev <dev@example.org>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  'Subject: [PATCH] Fetch remote documents',
  '',
  'Adds fetch() for the importer.',
  '',
  'Change-Id: I0123456789abcdef0123456789abcdef01234567',
  '---',
  ' app/service.py | 4 ++++',
  ' 1 file changed, 4 insertions(+)',
  '',
  'diff --git a/app/service.py b/app/service.py',
  'index 1111111..2222222 100644',
  '--- a/app/service.py',
  '+++ b/app/service.py',
  SERVICE_HUNKS,
  '-- ',
  '2.43.0',
  '',
].join('\n');

/** A checkout of the change: the post-change file in a fresh temporary directory. */
export function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-post-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, SERVICE_PATH), SERVICE_AFTER);
  return dir;
}
