import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontends } from '../../src/review/languages.js';
import { runReview } from '../../src/review/review.js';

// A dispatch table of lambdas and one of functions, called with a constant key and with the
// user's key. Each call is followed into what the table holds, so the findings are certain and
// their flows name the entry that ran.
const APP = `import os
from flask import Flask, request

app = Flask(__name__)

ACTIONS = {
    "ping": lambda host: os.system("ping -c1 " + host),
    "uptime": lambda _host: os.system("uptime"),
}


def restart_service(name):
    os.system("systemctl restart " + name)


SERVICES = {"restart": restart_service}


@app.route("/a")
def by_constant_key():
    ACTIONS["ping"](request.args["h"])
    SERVICES["restart"](request.args["n"])
    return "ok"


@app.route("/b")
def by_user_key():
    ACTIONS[request.args["a"]](request.args["h"])
    return "ok"
`;

async function review(text: string) {
  const root = mkdtempSync(join(tmpdir(), 'secreview-dispatch-'));
  writeFileSync(join(root, 'app.py'), text);
  const result = await runReview({ paths: ['.'], frontends, cwd: root });
  return result.findings.map((f) => ({ line: f.line, confidence: f.confidence, flow: (f.dataflow ?? []).map((step) => `${step.line} ${step.note}`) }));
}

describe('calls through a dispatch table', () => {
  it('follow the entry a constant key picks, and every entry for a key the user chooses', async () => {
    expect(await review(APP)).toEqual([
      { line: 7, confidence: 'high', flow: ['21 request.args', '21 ACTIONS["ping"](host=…)', '7 os.system'] },
      { line: 13, confidence: 'high', flow: ['22 request.args', '22 restart_service(name=…)', '13 os.system'] },
    ]);
  });

  it('leave an entry that ignores its parameter quiet, and report one no call reaches as a def is', async () => {
    const quiet = APP.replace('ACTIONS["ping"](request.args["h"])', 'ACTIONS["uptime"](request.args["h"])').replace('ACTIONS[request.args["a"]]', 'ACTIONS["uptime"]');
    // Like an uncalled `def ping(host)` that builds a command from its parameter: low confidence,
    // the callers decide.
    expect((await review(quiet)).map((f) => [f.line, f.confidence])).toEqual([
      [7, 'low'],
      [13, 'high'],
    ]);
  });
});
