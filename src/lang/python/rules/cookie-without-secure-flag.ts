import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { cookieCall, isSensitiveCookie } from './support/cookies.js';
import { isNonProductionSetting, settingsAt } from './support/settings.js';

type Params = { what: string; cookie: string };
type Ctx = PythonRuleContext<Params>;

/** Framework settings that make their cookie Secure (Django, Flask, Flask-Login). */
const SECURE_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['SESSION_COOKIE_SECURE', 'the session cookie'],
  ['CSRF_COOKIE_SECURE', 'the CSRF cookie'],
  ['REMEMBER_COOKIE_SECURE', 'the remember-me cookie'],
]);

function checkSetCookie(ctx: Ctx, call: Node): Finding[] {
  const cookie = cookieCall(ctx, call);
  if (!cookie || cookie.secure === 'on' || cookie.secure === 'dynamic') return [];
  const sensitive = isSensitiveCookie(cookie.name);
  const label = cookie.name === undefined ? 'a cookie' : `cookie "${cookie.name}"`;
  if (cookie.secure === 'off') {
    return [ctx.report(call, { what: `${cookie.method}() with secure=False`, cookie: label }, sensitive ? {} : { severity: 'low' })];
  }
  return sensitive ? [ctx.report(call, { what: `${cookie.method}() without secure=True`, cookie: label })] : [];
}

function checkSettings(ctx: Ctx, node: Node): Finding[] {
  return settingsAt(ctx, node).flatMap((setting) => {
    const cookie = SECURE_SETTINGS.get(setting.key);
    if (cookie === undefined || isNonProductionSetting(ctx, setting)) return [];
    const value = ctx.constants.evaluate(setting.value);
    if (value === UNKNOWN || isTruthy(value)) return [];
    return [ctx.report(setting.at, { what: `${setting.key} = ${setting.value.text}`, cookie })];
  });
}

export const rule = definePythonRule<Params>({
  id: 'PY-COOKIE-001',
  name: 'cookie-without-secure-flag',
  title: 'Sensitive cookie without the Secure flag',
  cwe: Cwe.CookieWithoutSecure,
  relatedCwe: [Cwe.CleartextTransmission],
  severity: 'medium',
  confidence: 'high',
  description:
    'set_cookie()/set_signed_cookie() (Flask, Django, Starlette/FastAPI) sets a session, auth, token or CSRF cookie without secure=True, or any cookie with secure=False; or SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE or REMEMBER_COOKIE_SECURE is set to False.',
  explanation:
    'A cookie without the Secure attribute is also sent over plain HTTP. One request to an http:// URL of the site (a link, an image, a downgrade by a network attacker) puts the session or token on the wire in clear text, where anyone on the path can copy it and take over the session.',
  fix: 'Pass secure=True (and httponly=True, samesite="Lax") for every cookie that identifies a user: resp.set_cookie("session", sid, secure=True, httponly=True, samesite="Lax"). In settings, set SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True.',
  docs: {
    why: 'HTTPS protects a session only if the session cookie never travels outside it. Without Secure, a single cleartext request leaks it, and HSTS is not always in place to prevent that request.',
    bad: 'from flask import make_response\nresp = make_response("ok")\nresp.set_cookie("session_id", sid, httponly=True)',
    good: 'from flask import make_response\nresp = make_response("ok")\nresp.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")',
    notDetected:
      'Cookies whose name is computed at run time are reported only with an explicit secure=False; set_cookie(**options) is trusted. Framework defaults are not reported when the setting is simply absent (Django and Flask leave SESSION_COOKIE_SECURE off unless configured; run `manage.py check --deploy`). Test files, and settings in files or config classes named for development or tests, are not reported. Cookies set through raw Set-Cookie headers or http.cookies.SimpleCookie are not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/614.html',
      'https://owasp.org/www-community/controls/SecureCookieAttribute',
      'https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure',
      'https://flask.palletsprojects.com/en/stable/security/#set-cookie-options',
    ],
  },
  message: ({ what, cookie }) => `${what} lets ${cookie} travel over plain HTTP`,
  visits: ['call', 'assignment'],
  // cookieCall() needs set_cookie/set_signed_cookie; settingsFromCall() needs update/from_mapping/configure.
  callees: ['set_cookie', 'set_signed_cookie', 'update', 'from_mapping', 'configure'],
  // set_cookie(), set_signed_cookie() or a *_COOKIE_SECURE setting.
  fileMentions: ['set_cookie', 'set_signed_cookie', 'COOKIE'],
  check(ctx, node) {
    // Tests set cookies on test clients and fake responses; no browser ever receives them.
    if (ctx.file.context === 'test') return [];
    return [...(node.type === 'call' ? checkSetCookie(ctx, node) : []), ...checkSettings(ctx, node)];
  },
});
