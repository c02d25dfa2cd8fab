// The Python rule pack: a flat, sorted list of imports (no directory scan), one rule per file.
import type { PythonRule } from '../rule.js';
import { rule as archiveExtractionTraversal } from './archive-extraction-traversal.js';
import { rule as assertUsedForSecurity } from './assert-used-for-security.js';
import { rule as bidiControlCharacters } from './bidi-control-characters.js';
import { rule as bindAllInterfaces } from './bind-all-interfaces.js';
import { rule as brokenCipherOrMode } from './broken-cipher-or-mode.js';
import { rule as cleartextCredentialStorage } from './cleartext-credential-storage.js';
import { rule as cleartextNetworkProtocol } from './cleartext-network-protocol.js';
import { rule as codeInjection } from './code-injection.js';
import { rule as cookieWithoutHttponlyFlag } from './cookie-without-httponly-flag.js';
import { rule as cookieWithoutSecureFlag } from './cookie-without-secure-flag.js';
import { rule as csrfProtectionDisabled } from './csrf-protection-disabled.js';
import { rule as decompressionBomb } from './decompression-bomb.js';
import { rule as djangoDebugEnabled } from './django-debug-enabled.js';
import { rule as dynamicTemplateString } from './dynamic-template-string.js';
import { rule as errorDetailsInResponse } from './error-details-in-response.js';
import { rule as exceptionSwallowed } from './exception-swallowed.js';
import { rule as exceptionSwallowedInLoop } from './exception-swallowed-in-loop.js';
import { rule as flaskDebugEnabled } from './flask-debug-enabled.js';
import { rule as hardcodedCredential } from './hardcoded-credential.js';
import { rule as hardcodedTempPath } from './hardcoded-temp-path.js';
import { rule as hostnameVerificationDisabled } from './hostname-verification-disabled.js';
import { rule as htmlMarkedSafeDynamic } from './html-marked-safe-dynamic.js';
import { rule as httpHeaderInjection } from './http-header-injection.js';
import { rule as insecureRandomForSecret } from './insecure-random-for-secret.js';
import { rule as insecureTempFile } from './insecure-temp-file.js';
import { rule as insecureTlsVersion } from './insecure-tls-version.js';
import { rule as jinja2AutoescapeDisabled } from './jinja2-autoescape-disabled.js';
import { rule as ldapInjection } from './ldap-injection.js';
import { rule as logInjection } from './log-injection.js';
import { rule as loggingConfigListen } from './logging-config-listen.js';
import { rule as makoAutoescapeMissing } from './mako-autoescape-missing.js';
import { rule as massAssignment } from './mass-assignment.js';
import { rule as openRedirect } from './open-redirect.js';
import { rule as osCommandInjection } from './os-command-injection.js';
import { rule as pathTraversal } from './path-traversal.js';
import { rule as permissiveFilePermissions } from './permissive-file-permissions.js';
import { rule as pycryptoOnlyModule } from './pycrypto-only-module.js';
import { rule as python2Input } from './python2-input.js';
import { rule as reflectedXss } from './reflected-xss.js';
import { rule as regexCatastrophicBacktracking } from './regex-catastrophic-backtracking.js';
import { rule as requestWithoutTimeout } from './request-without-timeout.js';
import { rule as secretInLog } from './secret-in-log.js';
import { rule as serverSideRequestForgery } from './server-side-request-forgery.js';
import { rule as shellCommandViaWrapper } from './shell-command-via-wrapper.js';
import { rule as shellWildcardInjection } from './shell-wildcard-injection.js';
import { rule as snmpCommunityAuth } from './snmp-community-auth.js';
import { rule as snmpv3WeakPrivacy } from './snmpv3-weak-privacy.js';
import { rule as sqlInjection } from './sql-injection.js';
import { rule as sshExecCommandDynamic } from './ssh-exec-command-dynamic.js';
import { rule as sshHostKeyNotVerified } from './ssh-host-key-not-verified.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as tlsVerificationDisabled } from './tls-verification-disabled.js';
import { rule as trustBoundaryViolation } from './trust-boundary-violation.js';
import { rule as unboundedRequestRead } from './unbounded-request-read.js';
import { rule as unnecessaryPrivileges } from './unnecessary-privileges.js';
import { rule as unpinnedModelDownload } from './unpinned-model-download.js';
import { rule as unsafeDeserialization } from './unsafe-deserialization.js';
import { rule as untrustedModuleImport } from './untrusted-module-import.js';
import { rule as unverifiedSslContext } from './unverified-ssl-context.js';
import { rule as urlSchemeNotRestricted } from './url-scheme-not-restricted.js';
import { rule as uuid1AsSecret } from './uuid1-as-secret.js';
import { rule as weakHashForSecurity } from './weak-hash-for-security.js';
import { rule as weakKeySize } from './weak-key-size.js';
import { rule as weakPasswordHashing } from './weak-password-hashing.js';
import { rule as xmlEntityExpansion } from './xml-entity-expansion.js';
import { rule as xmlExternalEntities } from './xml-external-entities.js';
import { rule as xpathInjection } from './xpath-injection.js';
import { rule as yamlUnsafeLoad } from './yaml-unsafe-load.js';

/** Every Python rule, sorted by id. */
export const pythonRules: readonly PythonRule[] = [
  archiveExtractionTraversal,
  assertUsedForSecurity,
  bidiControlCharacters,
  bindAllInterfaces,
  brokenCipherOrMode,
  cleartextCredentialStorage,
  cleartextNetworkProtocol,
  codeInjection,
  cookieWithoutHttponlyFlag,
  cookieWithoutSecureFlag,
  csrfProtectionDisabled,
  decompressionBomb,
  djangoDebugEnabled,
  dynamicTemplateString,
  errorDetailsInResponse,
  exceptionSwallowed,
  exceptionSwallowedInLoop,
  flaskDebugEnabled,
  hardcodedCredential,
  hardcodedTempPath,
  hostnameVerificationDisabled,
  htmlMarkedSafeDynamic,
  httpHeaderInjection,
  insecureRandomForSecret,
  insecureTempFile,
  insecureTlsVersion,
  jinja2AutoescapeDisabled,
  ldapInjection,
  logInjection,
  loggingConfigListen,
  makoAutoescapeMissing,
  massAssignment,
  openRedirect,
  osCommandInjection,
  pathTraversal,
  permissiveFilePermissions,
  pycryptoOnlyModule,
  python2Input,
  reflectedXss,
  regexCatastrophicBacktracking,
  requestWithoutTimeout,
  secretInLog,
  serverSideRequestForgery,
  shellCommandViaWrapper,
  shellWildcardInjection,
  snmpCommunityAuth,
  snmpv3WeakPrivacy,
  sqlInjection,
  sshExecCommandDynamic,
  sshHostKeyNotVerified,
  templateInjection,
  tlsVerificationDisabled,
  trustBoundaryViolation,
  unboundedRequestRead,
  unnecessaryPrivileges,
  unpinnedModelDownload,
  unsafeDeserialization,
  untrustedModuleImport,
  unverifiedSslContext,
  urlSchemeNotRestricted,
  uuid1AsSecret,
  weakHashForSecurity,
  weakKeySize,
  weakPasswordHashing,
  xmlEntityExpansion,
  xmlExternalEntities,
  xpathInjection,
  yamlUnsafeLoad,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
