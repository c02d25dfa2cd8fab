/**
 * Cookie facts shared by the Secure and HttpOnly rules: the flags a `set_cookie` call passes
 * (Flask/Werkzeug, Django, Starlette/FastAPI all use the same names and positions) and
 * whether a cookie's name says it carries a session or credential.
 */
import { callArguments, calleeLastName, calleeObject } from '../../ast.js';
import { UNKNOWN, isTruthy } from '../../constants.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';

/** What these helpers read from a rule's context; leaving out `report` lets any rule pass its own. */
type AnyCtx = Omit<PythonRuleContext<MessageParams>, 'report'>;

/** The state of one cookie flag as written. */
export type FlagState = 'on' | 'off' | 'missing' | 'dynamic';

/** A `set_cookie(...)` call as far as it matters for its flags. */
export interface CookieCall {
  readonly method: string;
  /** The cookie name, when it is a constant. */
  readonly name: string | undefined;
  readonly secure: FlagState;
  readonly httponly: FlagState;
}

/** set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite) in all three frameworks. */
const POSITIONS = { key: 0, secure: 6, httponly: 7 } as const;

/** Names of session, authentication and CSRF cookies. */
const SENSITIVE_NAME = /session|token|auth(?!or)|jwt|csrf|xsrf|remember|login|credential|api[-_]?key|(?:^|[-_.])sid(?:$|[-_.])/i;
/** CSRF cookies are read by JavaScript in the double-submit pattern, so HttpOnly does not apply. */
const CSRF_NAME = /csrf|xsrf/i;

function flagState(ctx: AnyCtx, node: Node | undefined): FlagState {
  if (!node) return 'missing';
  const value = ctx.constants.evaluate(node);
  if (value === UNKNOWN) return 'dynamic';
  return isTruthy(value) ? 'on' : 'off';
}

/** The cookie a `x.set_cookie(...)`/`x.set_signed_cookie(...)` call sets; undefined for other calls or `**kwargs`. */
export function cookieCall(ctx: AnyCtx, call: Node): CookieCall | undefined {
  const method = calleeLastName(call);
  if ((method !== 'set_cookie' && method !== 'set_signed_cookie') || !calleeObject(call)) return undefined;
  const { positional, keywords, hasSplat } = callArguments(call);
  if (hasSplat) return undefined;
  // set_signed_cookie(key, value, salt="", **kwargs) takes the flags by keyword only.
  const byPosition = method === 'set_cookie';
  const keyNode = keywords.get('key') ?? positional[POSITIONS.key];
  return {
    method,
    name: keyNode ? ctx.constants.stringValue(keyNode) : undefined,
    secure: flagState(ctx, keywords.get('secure') ?? (byPosition ? positional[POSITIONS.secure] : undefined)),
    httponly: flagState(ctx, keywords.get('httponly') ?? (byPosition ? positional[POSITIONS.httponly] : undefined)),
  };
}

/** True for cookies that hold a session, a login or a token. */
export function isSensitiveCookie(name: string | undefined): boolean {
  return name !== undefined && SENSITIVE_NAME.test(name);
}

/** True for CSRF cookies. */
export function isCsrfCookie(name: string | undefined): boolean {
  return name !== undefined && CSRF_NAME.test(name);
}
