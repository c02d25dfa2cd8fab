/**
 * The CWE catalog the project ships: every id a rule (or an LLM claim) may use, with its
 * official name. Rules refer to entries through `Cwe.*` constants so ids cannot drift or
 * carry typos; links are derived, never typed by hand.
 */

/** A CWE identifier in `CWE-<n>` form. */
export type CweId = `CWE-${number}`;

/** One catalog entry. */
export interface CweEntry {
  readonly id: CweId;
  readonly name: string;
  /** True for entries in the 2024 CWE Top 25 Most Dangerous Software Weaknesses. */
  readonly top25: boolean;
}

// [number, name, in Top 25 (2024)]
const ENTRIES: ReadonlyArray<readonly [number, string, boolean]> = [
  [20, 'Improper Input Validation', true],
  [22, "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')", true],
  [73, 'External Control of File Name or Path', false],
  [74, "Improper Neutralization of Special Elements in Output Used by a Downstream Component ('Injection')", false],
  [77, "Improper Neutralization of Special Elements used in a Command ('Command Injection')", true],
  [78, "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')", true],
  [79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", true],
  [88, "Improper Neutralization of Argument Delimiters in a Command ('Argument Injection')", false],
  [89, "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')", true],
  [90, "Improper Neutralization of Special Elements used in an LDAP Query ('LDAP Injection')", false],
  [94, "Improper Control of Generation of Code ('Code Injection')", true],
  [95, "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')", false],
  [113, "Improper Neutralization of CRLF Sequences in HTTP Headers ('HTTP Request/Response Splitting')", false],
  [116, 'Improper Encoding or Escaping of Output', false],
  [117, 'Improper Output Neutralization for Logs', false],
  [119, 'Improper Restriction of Operations within the Bounds of a Memory Buffer', true],
  [120, "Buffer Copy without Checking Size of Input ('Classic Buffer Overflow')", false],
  [121, 'Stack-based Buffer Overflow', false],
  [122, 'Heap-based Buffer Overflow', false],
  [125, 'Out-of-bounds Read', true],
  [134, 'Use of Externally-Controlled Format String', false],
  [155, 'Improper Neutralization of Wildcards or Matching Symbols', false],
  [190, 'Integer Overflow or Wraparound', true],
  [193, 'Off-by-one Error', false],
  [195, 'Signed to Unsigned Conversion Error', false],
  [197, 'Numeric Truncation Error', false],
  [200, 'Exposure of Sensitive Information to an Unauthorized Actor', true],
  [209, 'Generation of Error Message Containing Sensitive Information', false],
  [215, 'Insertion of Sensitive Information Into Debugging Code', false],
  [242, 'Use of Inherently Dangerous Function', false],
  [250, 'Execution with Unnecessary Privileges', false],
  [256, 'Plaintext Storage of a Password', false],
  [259, 'Use of Hard-coded Password', false],
  [269, 'Improper Privilege Management', true],
  [276, 'Incorrect Default Permissions', false],
  [287, 'Improper Authentication', true],
  [295, 'Improper Certificate Validation', false],
  [297, 'Improper Validation of Certificate with Host Mismatch', false],
  [306, 'Missing Authentication for Critical Function', true],
  [311, 'Missing Encryption of Sensitive Data', false],
  [312, 'Cleartext Storage of Sensitive Information', false],
  [319, 'Cleartext Transmission of Sensitive Information', false],
  [321, 'Use of Hard-coded Cryptographic Key', false],
  [326, 'Inadequate Encryption Strength', false],
  [327, 'Use of a Broken or Risky Cryptographic Algorithm', false],
  [328, 'Use of Weak Hash', false],
  [329, 'Generation of Predictable IV with CBC Mode', false],
  [330, 'Use of Insufficiently Random Values', false],
  [338, 'Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)', false],
  [347, 'Improper Verification of Cryptographic Signature', false],
  [352, 'Cross-Site Request Forgery (CSRF)', true],
  [362, "Concurrent Execution using Shared Resource with Improper Synchronization ('Race Condition')", false],
  [367, 'Time-of-check Time-of-use (TOCTOU) Race Condition', false],
  [377, 'Insecure Temporary File', false],
  [390, 'Detection of Error Condition Without Action', false],
  [391, 'Unchecked Error Condition', false],
  [396, 'Declaration of Catch for Generic Exception', false],
  [400, 'Uncontrolled Resource Consumption', true],
  [401, 'Missing Release of Memory after Effective Lifetime', false],
  [409, 'Improper Handling of Highly Compressed Data (Data Amplification)', false],
  [415, 'Double Free', false],
  [416, 'Use After Free', true],
  [434, 'Unrestricted Upload of File with Dangerous Type', true],
  [451, 'User Interface (UI) Misrepresentation of Critical Information', false],
  [457, 'Use of Uninitialized Variable', false],
  [476, 'NULL Pointer Dereference', true],
  [494, 'Download of Code Without Integrity Check', false],
  [489, 'Active Debug Code', false],
  [501, 'Trust Boundary Violation', false],
  [502, 'Deserialization of Untrusted Data', true],
  [522, 'Insufficiently Protected Credentials', false],
  [532, 'Insertion of Sensitive Information into Log File', false],
  [601, "URL Redirection to Untrusted Site ('Open Redirect')", false],
  [605, 'Multiple Binds to the Same Port', false],
  [611, 'Improper Restriction of XML External Entity Reference', false],
  [617, 'Reachable Assertion', false],
  [614, "Sensitive Cookie in HTTPS Session Without 'Secure' Attribute", false],
  [643, "Improper Neutralization of Data within XPath Expressions ('XPath Injection')", false],
  [668, 'Exposure of Resource to Wrong Sphere', false],
  [676, 'Use of Potentially Dangerous Function', false],
  [680, 'Integer Overflow to Buffer Overflow', false],
  [690, 'Unchecked Return Value to NULL Pointer Dereference', false],
  [693, 'Protection Mechanism Failure', false],
  [703, 'Improper Check or Handling of Exceptional Conditions', false],
  [732, 'Incorrect Permission Assignment for Critical Resource', false],
  [754, 'Improper Check for Unusual or Exceptional Conditions', false],
  [759, 'Use of a One-Way Hash without a Salt', false],
  [770, 'Allocation of Resources Without Limits or Throttling', false],
  [775, 'Missing Release of File Descriptor or Handle after Effective Lifetime', false],
  [776, "Improper Restriction of Recursive Entity References in DTDs ('XML Entity Expansion')", false],
  [787, 'Out-of-bounds Write', true],
  [798, 'Use of Hard-coded Credentials', true],
  [829, 'Inclusion of Functionality from Untrusted Control Sphere', false],
  [862, 'Missing Authorization', true],
  [863, 'Incorrect Authorization', true],
  [915, 'Improperly Controlled Modification of Dynamically-Determined Object Attributes', false],
  [916, 'Use of Password Hash With Insufficient Computational Effort', false],
  [918, 'Server-Side Request Forgery (SSRF)', true],
  [1004, "Sensitive Cookie Without 'HttpOnly' Flag", false],
  [1104, 'Use of Unmaintained Third Party Components', false],
  [1333, 'Inefficient Regular Expression Complexity', false],
  [1336, 'Improper Neutralization of Special Elements Used in a Template Engine', false],
];

const TABLE: ReadonlyMap<string, CweEntry> = new Map(
  ENTRIES.map(([n, name, top25]) => [`CWE-${n}`, { id: `CWE-${n}`, name, top25 }]),
);

/** Every entry of the catalog, in numeric order. */
export const cweCatalog: readonly CweEntry[] = [...TABLE.values()];

/** True when `id` is a `CWE-<n>` id present in the catalog. */
export function isKnownCwe(id: string): id is CweId {
  return TABLE.has(id);
}

/** The catalog entry for `id`; throws for ids outside the catalog (a programming error). */
export function cweEntry(id: CweId): CweEntry {
  const entry = TABLE.get(id);
  if (!entry) throw new Error(`CWE id ${id} is not in the catalog (src/core/cwe.ts)`);
  return entry;
}

/** The numeric part of a CWE id. */
export function cweNumber(id: CweId): number {
  return Number(id.slice(4));
}

/** The MITRE definition page of a CWE. */
export function cweUrl(id: CweId): string {
  return `https://cwe.mitre.org/data/definitions/${cweNumber(id)}.html`;
}

/** Named constants for the ids rules use, so a typo is a type error rather than a bad report. */
export const Cwe = {
  InputValidation: 'CWE-20',
  PathTraversal: 'CWE-22',
  ExternalFileName: 'CWE-73',
  Injection: 'CWE-74',
  CommandInjection: 'CWE-77',
  OsCommandInjection: 'CWE-78',
  Xss: 'CWE-79',
  ArgumentInjection: 'CWE-88',
  SqlInjection: 'CWE-89',
  LdapInjection: 'CWE-90',
  CodeInjection: 'CWE-94',
  EvalInjection: 'CWE-95',
  HttpResponseSplitting: 'CWE-113',
  OutputEncoding: 'CWE-116',
  LogInjection: 'CWE-117',
  BufferBounds: 'CWE-119',
  ClassicBufferOverflow: 'CWE-120',
  StackBufferOverflow: 'CWE-121',
  HeapBufferOverflow: 'CWE-122',
  OutOfBoundsRead: 'CWE-125',
  FormatString: 'CWE-134',
  WildcardNeutralization: 'CWE-155',
  IntegerOverflow: 'CWE-190',
  OffByOne: 'CWE-193',
  SignedToUnsigned: 'CWE-195',
  NumericTruncation: 'CWE-197',
  InformationExposure: 'CWE-200',
  ErrorMessageInfo: 'CWE-209',
  DebugInfo: 'CWE-215',
  DangerousFunction: 'CWE-242',
  UnnecessaryPrivileges: 'CWE-250',
  PlaintextPassword: 'CWE-256',
  HardcodedPassword: 'CWE-259',
  PrivilegeManagement: 'CWE-269',
  IncorrectDefaultPermissions: 'CWE-276',
  ImproperAuthentication: 'CWE-287',
  CertificateValidation: 'CWE-295',
  HostMismatch: 'CWE-297',
  MissingAuthentication: 'CWE-306',
  MissingEncryption: 'CWE-311',
  CleartextStorage: 'CWE-312',
  CleartextTransmission: 'CWE-319',
  HardcodedKey: 'CWE-321',
  WeakEncryptionStrength: 'CWE-326',
  BrokenCrypto: 'CWE-327',
  WeakHash: 'CWE-328',
  PredictableIv: 'CWE-329',
  InsufficientRandomness: 'CWE-330',
  WeakPrng: 'CWE-338',
  SignatureVerification: 'CWE-347',
  Csrf: 'CWE-352',
  RaceCondition: 'CWE-362',
  Toctou: 'CWE-367',
  InsecureTempFile: 'CWE-377',
  ErrorWithoutAction: 'CWE-390',
  UncheckedError: 'CWE-391',
  GenericCatch: 'CWE-396',
  ResourceConsumption: 'CWE-400',
  MemoryLeak: 'CWE-401',
  DataAmplification: 'CWE-409',
  DoubleFree: 'CWE-415',
  UseAfterFree: 'CWE-416',
  DangerousUpload: 'CWE-434',
  UiMisrepresentation: 'CWE-451',
  UninitializedVariable: 'CWE-457',
  NullDereference: 'CWE-476',
  DownloadWithoutIntegrityCheck: 'CWE-494',
  ActiveDebugCode: 'CWE-489',
  TrustBoundary: 'CWE-501',
  Deserialization: 'CWE-502',
  UnprotectedCredentials: 'CWE-522',
  SensitiveLog: 'CWE-532',
  OpenRedirect: 'CWE-601',
  MultipleBinds: 'CWE-605',
  Xxe: 'CWE-611',
  ReachableAssertion: 'CWE-617',
  CookieWithoutSecure: 'CWE-614',
  XpathInjection: 'CWE-643',
  WrongSphere: 'CWE-668',
  PotentiallyDangerousFunction: 'CWE-676',
  IntegerOverflowToBuffer: 'CWE-680',
  UncheckedNullReturn: 'CWE-690',
  ProtectionFailure: 'CWE-693',
  ExceptionalConditions: 'CWE-703',
  PermissionAssignment: 'CWE-732',
  UnusualConditions: 'CWE-754',
  UnsaltedHash: 'CWE-759',
  UnlimitedAllocation: 'CWE-770',
  FileHandleLeak: 'CWE-775',
  XmlEntityExpansion: 'CWE-776',
  OutOfBoundsWrite: 'CWE-787',
  HardcodedCredentials: 'CWE-798',
  UntrustedInclusion: 'CWE-829',
  MissingAuthorization: 'CWE-862',
  IncorrectAuthorization: 'CWE-863',
  MassAssignment: 'CWE-915',
  WeakPasswordHash: 'CWE-916',
  Ssrf: 'CWE-918',
  CookieWithoutHttpOnly: 'CWE-1004',
  UnmaintainedComponent: 'CWE-1104',
  Redos: 'CWE-1333',
  TemplateInjection: 'CWE-1336',
} as const satisfies Record<string, CweId>;
