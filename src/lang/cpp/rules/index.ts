// The C/C++ rule pack: a flat, sorted list of imports (no directory scan), one rule per file.
import type { CppRule } from '../rule.js';
import { rule as allocationSizeOverflow } from './allocation-size-overflow.js';
import { rule as brokenCryptoAlgorithm } from './broken-crypto-algorithm.js';
import { rule as cHardcodedCredential } from './c-hardcoded-credential.js';
import { rule as cPathTraversal } from './c-path-traversal.js';
import { rule as cSqlInjection } from './c-sql-injection.js';
import { rule as cTlsVerificationDisabled } from './c-tls-verification-disabled.js';
import { rule as commandInjection } from './command-injection.js';
import { rule as copyLengthExceedsDestination } from './copy-length-exceeds-destination.js';
import { rule as doubleFree } from './double-free.js';
import { rule as formatStringNotLiteral } from './format-string-not-literal.js';
import { rule as handleLeakOnEarlyReturn } from './handle-leak-on-early-return.js';
import { rule as memoryLeakOnEarlyReturn } from './memory-leak-on-early-return.js';
import { rule as offByOneTermination } from './off-by-one-termination.js';
import { rule as signedLengthCheck } from './signed-length-check.js';
import { rule as toctouFileCheck } from './toctou-file-check.js';
import { rule as unboundedStackAllocation } from './unbounded-stack-allocation.js';
import { rule as unboundedStringCopy } from './unbounded-string-copy.js';
import { rule as uncheckedAllocation } from './unchecked-allocation.js';
import { rule as uncheckedArrayIndex } from './unchecked-array-index.js';
import { rule as uninitializedVariable } from './uninitialized-variable.js';
import { rule as useAfterFree } from './use-after-free.js';
import { rule as weakRandomForSecurity } from './weak-random-for-security.js';

/** Every C/C++ rule. */
export const cppRules: readonly CppRule[] = [
  allocationSizeOverflow,
  brokenCryptoAlgorithm,
  cHardcodedCredential,
  cPathTraversal,
  cSqlInjection,
  cTlsVerificationDisabled,
  commandInjection,
  copyLengthExceedsDestination,
  doubleFree,
  formatStringNotLiteral,
  handleLeakOnEarlyReturn,
  memoryLeakOnEarlyReturn,
  offByOneTermination,
  signedLengthCheck,
  toctouFileCheck,
  unboundedStackAllocation,
  unboundedStringCopy,
  uncheckedAllocation,
  uncheckedArrayIndex,
  uninitializedVariable,
  useAfterFree,
  weakRandomForSecurity,
];
