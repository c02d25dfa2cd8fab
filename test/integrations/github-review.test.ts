// `secreview github review` end to end against a local stand-in for the GitHub REST API subset it
// uses (shapes from the REST docs: pulls get, pulls list files, pulls list/create reviews, pulls
// list/update review comments), including its refusal of comments outside the diff.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHunks } from '../../src/integrations/diff-lines.js';
import { runCliWithEnv, startFakeServer } from './fake-server.js';
import type { FakeServer, RecordedRequest, Reply } from './fake-server.js';
import { checkout, SERVICE_AFTER, SERVICE_HUNKS, SERVICE_PATH } from './scenario.js';

const TOKEN = 'ghs_test_token';
const HEAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const PR = '/repos/acme/shop/pulls/7';

interface StoredComment {
  id: number;
  path: string;
  line: number | null;
  body: string;
}

/** The pull request's state on the fake server. */
interface PullState {
  files: { filename: string; status: string; patch?: string }[];
  comments: StoredComment[];
  reviews: { id: number; body: string }[];
  nextId: number;
}

let server: FakeServer;
let repo: string;
let state: PullState;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers, body: JSON.stringify(body) });

/** GitHub answers 401 with this body when the token is bad. */
function authorized(handler: (req: RecordedRequest, params: Record<string, string>) => Reply) {
  return (req: RecordedRequest, params: Readonly<Record<string, string>>): Reply => {
    const auth = String(req.headers.authorization ?? '');
    if (auth !== `token ${TOKEN}` && auth !== `bearer ${TOKEN}`) return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    return handler(req, { ...params });
  };
}

function createReview(req: RecordedRequest): Reply {
  const input = JSON.parse(req.body) as { commit_id: string; body: string; event: string; comments: { path: string; line: number; start_line?: number; side: string; body: string }[] };
  // GitHub refuses the whole review when one comment is not on a line of the diff.
  for (const c of input.comments) {
    const file = state.files.find((f) => f.filename === c.path);
    const visible = file?.patch ? parseHunks(file.patch).visible : new Set<number>();
    const lines = c.start_line === undefined ? [c.line] : Array.from({ length: c.line - c.start_line + 1 }, (_, i) => c.start_line! + i);
    if (c.side !== 'RIGHT' || !lines.every((n) => visible.has(n))) {
      return json(422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest' });
    }
  }
  const id = state.nextId++;
  state.reviews.push({ id, body: input.body });
  for (const c of input.comments) state.comments.push({ id: state.nextId++, path: c.path, line: c.line, body: c.body });
  return json(200, { id, body: input.body, state: input.event === 'COMMENT' ? 'COMMENTED' : 'CHANGES_REQUESTED', commit_id: input.commit_id, html_url: `https://github.test/acme/shop/pull/7#pullrequestreview-${id}` });
}

function updateComment(req: RecordedRequest, params: Record<string, string>): Reply {
  const comment = state.comments.find((c) => c.id === Number(params.id));
  if (!comment) return json(404, { message: 'Not Found' });
  comment.body = (JSON.parse(req.body) as { body: string }).body;
  return json(200, { id: comment.id, path: comment.path, line: comment.line, body: comment.body });
}

beforeEach(async () => {
  server = await startFakeServer();
  repo = checkout();
  state = { files: [{ filename: SERVICE_PATH, status: 'modified', patch: SERVICE_HUNKS }], comments: [], reviews: [], nextId: 1000 };
  server.route('GET', '/repos/:owner/:repo/pulls/:n', authorized((_req, p) => p.n !== '7' ? json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request' }) : json(200, { number: 7, state: 'open', head: { sha: HEAD, ref: 'feature' }, base: { sha: '0'.repeat(40), ref: 'main' } })));
  server.route('GET', '/repos/:owner/:repo/pulls/:n/files', authorized(() => json(200, state.files.map((f) => ({ sha: '1'.repeat(40), additions: 4, deletions: 0, changes: 4, ...f })))));
  server.route('GET', '/repos/:owner/:repo/pulls/:n/comments', authorized(() => json(200, state.comments.map((c) => ({ ...c, position: c.line, side: 'RIGHT', commit_id: HEAD, user: { login: 'github-actions[bot]' } })))));
  server.route('GET', '/repos/:owner/:repo/pulls/:n/reviews', authorized(() => json(200, state.reviews.map((r) => ({ ...r, state: 'COMMENTED', user: { login: 'github-actions[bot]' } })))));
  server.route('POST', '/repos/:owner/:repo/pulls/:n/reviews', authorized(createReview));
  server.route('PATCH', '/repos/:owner/:repo/pulls/comments/:id', authorized(updateComment));
});

afterEach(async () => {
  await server.close();
  rmSync(repo, { recursive: true, force: true });
});

const ARGS = ['github', 'review', '--repo', 'acme/shop', '--pr', '7'];
const env = (): Record<string, string> => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: server.url });
const writes = (): string[] => server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('secreview github review', () => {
  it('posts one review with an inline comment on the changed line only, with a suggestion for a mechanical fix', async () => {
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(writes()).toEqual([`POST ${PR}/reviews`]);
    const review = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body) as { commit_id: string; event: string; body: string; comments: { path: string; line: number; side: string; body: string }[] };
    expect(review.commit_id).toBe(HEAD);
    expect(review.event).toBe('COMMENT');
    expect(review.comments.map((c) => `${c.path}:${c.line}:${c.side}`)).toEqual([`${SERVICE_PATH}:10:RIGHT`]);
    const body = review.comments[0]!.body;
    expect(body).toMatch(/^<!-- secreview:finding v1 fingerprint=[0-9a-f]{32}:1 state=open -->\n\n\*\*🔴 High: requests\.get\(verify=False\) turns off TLS certificate verification\*\*/);
    expect(body).toContain('```suggestion\n    return requests.get(url, timeout=5)\n```');
    expect(review.body).toContain('<!-- secreview:review v1 -->');
    expect(review.body).toContain('1 new inline comment');
    expect(run.stdout).toContain('posted: create a review with 1 inline comment (https://github.test/acme/shop/pull/7#pullrequestreview-1000)');
  });

  it('reads the pull request through the documented endpoints, paginated', async () => {
    await runCliWithEnv(ARGS, repo, env());
    const reads = server.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(reads).toEqual([PR, `${PR}/files?per_page=100`, `${PR}/comments?per_page=100`, `${PR}/reviews?per_page=100`]);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^secreview\//);
  });

  it('does not duplicate its comments on a re-run', async () => {
    await runCliWithEnv(ARGS, repo, env());
    const before = writes().length;
    const again = await runCliWithEnv(ARGS, repo, env());
    expect(again.code).toBe(0);
    expect(writes()).toHaveLength(before);
    expect(state.comments).toHaveLength(1);
    expect(again.stdout).toContain('1 comment already up to date; nothing to post');
  });

  it('edits its comment when the text of a finding changes', async () => {
    await runCliWithEnv(ARGS, repo, env());
    state.comments[0]!.body = state.comments[0]!.body.replace('turns off', 'switches off');
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(0);
    expect(writes().at(-1)).toBe('PATCH /repos/acme/shop/pulls/comments/1001');
    expect(state.comments[0]!.body).toContain('turns off TLS certificate verification');
    expect(run.stdout).toContain('posted: edit comment 1001 (changed)');
  });

  it('marks its comment fixed, keeping the original text, when the finding is gone', async () => {
    await runCliWithEnv(ARGS, repo, env());
    writeFileSync(join(repo, SERVICE_PATH), SERVICE_AFTER.replace('verify=False, ', ''));
    state.files[0]!.patch = SERVICE_HUNKS.replace('verify=False, ', '');
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(0);
    expect(writes().slice(1)).toEqual(['PATCH /repos/acme/shop/pulls/comments/1001']);
    const body = state.comments[0]!.body;
    expect(body).toMatch(/state=fixed -->\n\n✅ \*\*Fixed\*\*: secreview no longer reports this finding at a1b2c3d4e5f6\./);
    expect(body).toContain('<details><summary>Original finding</summary>');
    expect(state.comments).toHaveLength(1);
  });

  it('re-posts a finding whose comment became outdated and points the old comment to the new one', async () => {
    await runCliWithEnv(ARGS, repo, env());
    state.comments[0]!.line = null;
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(0);
    expect(writes().slice(1)).toEqual([`POST ${PR}/reviews`, 'PATCH /repos/acme/shop/pulls/comments/1001']);
    expect(state.comments[0]!.body).toContain('state=moved');
    expect(state.comments[1]!.body).toContain('state=open');
  });

  it('posts a saved JSON report, listing findings it cannot place on the diff in the review body', async () => {
    const json = await runCliWithEnv(['review', '.', '--format', 'json', '--fail-on', 'none'], repo, {});
    writeFileSync(join(repo, 'report.json'), json.stdout);
    const run = await runCliWithEnv([...ARGS, '--report', 'report.json'], repo, env());
    expect(run.code).toBe(0);
    const review = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body) as { body: string; comments: { line: number }[] };
    // Line 6 is a context line of the hunk, so GitHub accepts a comment there too.
    expect(review.comments.map((c) => c.line)).toEqual([6, 10]);
    expect(review.body).not.toContain('Not on a line of this diff');
  });

  it('plans without writing on --dry-run', async () => {
    const run = await runCliWithEnv([...ARGS, '--dry-run'], repo, env());
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain('would create a review with 1 inline comment');
    expect(run.stdout).toContain(`${SERVICE_PATH}:10 PY-TLS-001`);
  });

  it('asks for a token before contacting anything', async () => {
    const run = await runCliWithEnv(ARGS, repo, { GITHUB_API_URL: server.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set GITHUB_TOKEN');
    expect(server.requests).toHaveLength(0);
  });

  it('explains bad credentials and posts nothing', async () => {
    const run = await runCliWithEnv(ARGS, repo, { ...env(), GITHUB_TOKEN: 'wrong' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('acme/shop#7: could not read the pull request: HTTP 401: Bad credentials');
    expect(run.stderr).toContain('GITHUB_TOKEN was refused');
    expect(run.stderr).toContain('Nothing was posted.');
    expect(writes()).toEqual([]);
  });

  it('reports an API that does not answer', async () => {
    const closed = server.url;
    await server.close();
    const run = await runCliWithEnv(ARGS, repo, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: closed });
    server = await startFakeServer();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('could not read the pull request: no answer from the GitHub API');
    expect(run.stderr).toContain('check GITHUB_API_URL');
  });

  it('explains a pull request that does not exist', async () => {
    const run = await runCliWithEnv(['github', 'review', '--repo', 'acme/shop', '--pr', '99'], repo, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('acme/shop#99: could not read the pull request: HTTP 404: Not Found');
    expect(run.stderr).toContain('check --repo and --pr');
  });

  it('reports an exhausted rate limit (403, x-ratelimit-remaining: 0) with the time to wait', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    server.route('GET', '/repos/:owner/:repo/pulls/:n/files', () =>
      json(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(reset) }),
    );
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not list the pull request files: HTTP 403: API rate limit exceeded for installation ID 1\. \(retry after (9|10) minutes\)/);
    expect(run.stderr).toContain('rate-limiting this token');
    expect(writes()).toEqual([]);
  });

  it('reports a secondary rate limit (429, retry-after) on the write and that nothing was posted', async () => {
    server.route('POST', '/repos/:owner/:repo/pulls/:n/reviews', () => json(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '30' }));
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('posting stopped part-way: HTTP 429: You have exceeded a secondary rate limit. (retry after 30 seconds)');
    expect(run.stderr).toContain('  FAILED: create a review with 1 inline comment');
    expect(state.comments).toHaveLength(0);
  });

  it('says exactly what was and was not posted when a write fails midway', async () => {
    state.comments.push({ id: 1, path: SERVICE_PATH, line: 6, body: '<!-- secreview:finding v1 fingerprint=0123456789abcdef0123456789abcdef:1 state=open -->\n\nold finding' });
    state.comments.push({ id: 2, path: SERVICE_PATH, line: 6, body: '<!-- secreview:finding v1 fingerprint=fedcba9876543210fedcba9876543210:1 state=open -->\n\nother old finding' });
    server.route('PATCH', '/repos/:owner/:repo/pulls/comments/:id', (req, params) =>
      params.id === '1' ? json(403, { message: 'Resource not accessible by integration' }) : updateComment(req, params),
    );
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('posting stopped part-way: HTTP 403: Resource not accessible by integration');
    expect(run.stderr).toContain('  posted: create a review with 1 inline comment');
    expect(run.stderr).toContain('  FAILED: edit comment 1 (fixed): HTTP 403');
    expect(run.stderr).toContain('  posted: edit comment 2 (fixed)');
    expect(run.stderr).toContain('pull-requests: write');
    expect(state.comments.find((c) => c.id === 2)?.body).toContain('state=fixed');
  });

  it('never sends a comment GitHub would refuse: a finding off the diff goes into the review body', async () => {
    const json = await runCliWithEnv(['review', '.', '--format', 'json', '--fail-on', 'none'], repo, {});
    writeFileSync(join(repo, 'report.json'), json.stdout);
    // A diff without context lines: line 6 is not part of it.
    state.files[0]!.patch = ['@@ -6,0 +7,4 @@', '+', '+', '+def fetch(url):', '+    return requests.get(url, verify=False, timeout=5)'].join('\n');
    const run = await runCliWithEnv([...ARGS, '--report', 'report.json'], repo, env());
    expect(run.code).toBe(0);
    const review = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body) as { body: string; comments: { line: number }[] };
    expect(review.comments.map((c) => c.line)).toEqual([10]);
    expect(review.body).toContain('**Not on a line of this diff** (GitHub only accepts inline comments there):\n\n- 🔴 `app/service.py:6` CWE-502');
    expect(run.stdout).toContain('1 not on a diff line (listed in the review body)');
  });

  it('lists changed files the API gives no diff for as not reviewed', async () => {
    state.files.push({ filename: 'data/big.py', status: 'modified' });
    const run = await runCliWithEnv(ARGS, repo, env());
    expect(run.code).toBe(0);
    const review = JSON.parse(server.requests.find((r) => r.method === 'POST')!.body) as { body: string };
    expect(review.body).toContain('**Not reviewed**');
    expect(review.body).toContain('- `data/big.py`');
  });
});
