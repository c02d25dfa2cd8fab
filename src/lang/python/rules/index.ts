// The Python rule pack: a flat, sorted list of imports (no directory scan), one rule per file.
import type { PythonRule } from '../rule.js';
import { rule as assertUsedForSecurity } from './assert-used-for-security.js';
import { rule as bindAllInterfaces } from './bind-all-interfaces.js';
import { rule as brokenCipherOrMode } from './broken-cipher-or-mode.js';
import { rule as codeEvalDynamic } from './code-eval-dynamic.js';
import { rule as exceptionSwallowedInLoop } from './exception-swallowed-in-loop.js';
import { rule as exceptionSwallowed } from './exception-swallowed.js';
import { rule as flaskDebugEnabled } from './flask-debug-enabled.js';
import { rule as hardcodedCredential } from './hardcoded-credential.js';
import { rule as insecureRandomForSecret } from './insecure-random-for-secret.js';
import { rule as insecureTempFile } from './insecure-temp-file.js';
import { rule as insecureTlsVersion } from './insecure-tls-version.js';
import { rule as jinja2AutoescapeDisabled } from './jinja2-autoescape-disabled.js';
import { rule as osCommandShell } from './os-command-shell.js';
import { rule as permissiveFilePermissions } from './permissive-file-permissions.js';
import { rule as python2Input } from './python2-input.js';
import { rule as requestWithoutTimeout } from './request-without-timeout.js';
import { rule as secretInLog } from './secret-in-log.js';
import { rule as sqlBuiltFromString } from './sql-built-from-string.js';
import { rule as tlsVerificationDisabled } from './tls-verification-disabled.js';
import { rule as unsafeDeserialization } from './unsafe-deserialization.js';
import { rule as unverifiedSslContext } from './unverified-ssl-context.js';
import { rule as weakHashForSecurity } from './weak-hash-for-security.js';
import { rule as weakKeySize } from './weak-key-size.js';
import { rule as xmlExternalEntities } from './xml-external-entities.js';
import { rule as yamlUnsafeLoad } from './yaml-unsafe-load.js';

/** Every Python rule, sorted by id. */
export const pythonRules: readonly PythonRule[] = [
  assertUsedForSecurity,
  bindAllInterfaces,
  brokenCipherOrMode,
  codeEvalDynamic,
  exceptionSwallowed,
  exceptionSwallowedInLoop,
  flaskDebugEnabled,
  hardcodedCredential,
  insecureRandomForSecret,
  insecureTempFile,
  insecureTlsVersion,
  jinja2AutoescapeDisabled,
  osCommandShell,
  permissiveFilePermissions,
  python2Input,
  requestWithoutTimeout,
  secretInLog,
  sqlBuiltFromString,
  tlsVerificationDisabled,
  unsafeDeserialization,
  unverifiedSslContext,
  weakHashForSecurity,
  weakKeySize,
  xmlExternalEntities,
  yamlUnsafeLoad,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
