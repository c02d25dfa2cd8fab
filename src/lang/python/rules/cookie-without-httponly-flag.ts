import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { cookieCall, isCsrfCookie, isSensitiveCookie } from './support/cookies.js';
import { isNonProductionSetting, settingsAt } from './support/settings.js';

type Params = { what: string; cookie: string };
type Ctx = PythonRuleContext<Params>;

/** Framework settings that make their cookie HttpOnly; CSRF_COOKIE_HTTPONLY is left out on purpose (see docs). */
const HTTPONLY_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['SESSION_COOKIE_HTTPONLY', 'the session cookie'],
  ['REMEMBER_COOKIE_HTTPONLY', 'the remember-me cookie'],
]);

function checkSetCookie(ctx: Ctx, call: Node): Finding[] {
  const cookie = cookieCall(ctx, call);
  if (!cookie || cookie.httponly === 'on' || cookie.httponly === 'dynamic' || isCsrfCookie(cookie.name)) return [];
  const sensitive = isSensitiveCookie(cookie.name);
  const label = cookie.name === undefined ? 'a cookie' : `cookie "${cookie.name}"`;
  if (cookie.httponly === 'off') {
    return [ctx.report(call, { what: `${cookie.method}() with httponly=False`, cookie: label }, sensitive ? {} : { severity: 'low' })];
  }
  return sensitive ? [ctx.report(call, { what: `${cookie.method}() without httponly=True`, cookie: label })] : [];
}

function checkSettings(ctx: Ctx, node: Node): Finding[] {
  return settingsAt(ctx, node).flatMap((setting) => {
    const cookie = HTTPONLY_SETTINGS.get(setting.key);
    if (cookie === undefined || isNonProductionSetting(ctx, setting)) return [];
    const value = ctx.constants.evaluate(setting.value);
    if (value === UNKNOWN || isTruthy(value)) return [];
    return [ctx.report(setting.at, { what: `${setting.key} = ${setting.value.text}`, cookie })];
  });
}

export const rule = definePythonRule<Params>({
  id: 'PY-COOKIE-002',
  name: 'cookie-without-httponly-flag',
  title: 'Sensitive cookie readable by JavaScript (no HttpOnly)',
  cwe: Cwe.CookieWithoutHttpOnly,
  severity: 'medium',
  confidence: 'high',
  description:
    'set_cookie()/set_signed_cookie() (Flask, Django, Starlette/FastAPI) sets a session, auth or token cookie without httponly=True, or any cookie with httponly=False; or SESSION_COOKIE_HTTPONLY or REMEMBER_COOKIE_HTTPONLY is set to False.',
  explanation:
    'Without HttpOnly, document.cookie exposes the cookie to every script on the page. Any cross-site scripting bug, or one compromised third-party script, can then read the session token and send it to the attacker, who replays it from anywhere.',
  fix: 'Pass httponly=True for cookies that scripts do not need: resp.set_cookie("session", sid, secure=True, httponly=True, samesite="Lax"). Keep SESSION_COOKIE_HTTPONLY at its default True.',
  docs: {
    why: 'HttpOnly does not prevent XSS, but it keeps an XSS from turning into a stolen session that outlives the page visit.',
    bad: 'from django.http import HttpResponse\nresponse = HttpResponse("ok")\nresponse.set_cookie("auth_token", token, secure=True)',
    good: 'from django.http import HttpResponse\nresponse = HttpResponse("ok")\nresponse.set_cookie("auth_token", token, secure=True, httponly=True, samesite="Lax")',
    notDetected:
      'CSRF cookies (names containing csrf/xsrf, and CSRF_COOKIE_HTTPONLY) are never reported: the double-submit pattern needs scripts to read them, and Django documents that making them HttpOnly adds no protection. Cookies whose name is computed at run time are reported only with an explicit httponly=False; set_cookie(**options) is trusted. Test files, and settings in files or config classes named for development or tests, are not reported. Raw Set-Cookie headers and http.cookies.SimpleCookie are not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/1004.html',
      'https://owasp.org/www-community/HttpOnly',
      'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly',
      'https://flask.palletsprojects.com/en/stable/security/#set-cookie-options',
    ],
  },
  message: ({ what, cookie }) => `${what} lets scripts on the page read ${cookie}`,
  visits: ['call', 'assignment'],
  // cookieCall() takes set_cookie/set_signed_cookie, settingsFromCall() update/from_mapping/configure (support/cookies.ts, support/settings.ts).
  callees: ['set_cookie', 'set_signed_cookie', 'update', 'from_mapping', 'configure'],
  // set_cookie(), set_signed_cookie() or a *_COOKIE_HTTPONLY setting.
  fileMentions: ['set_cookie', 'set_signed_cookie', 'COOKIE'],
  check(ctx, node) {
    // Tests set cookies on test clients and fake responses; no browser ever receives them.
    if (ctx.file.context === 'test') return [];
    return [...(node.type === 'call' ? checkSetCookie(ctx, node) : []), ...checkSettings(ctx, node)];
  },
});
