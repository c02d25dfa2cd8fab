import type { CppLibrarySpec } from './types.js';

const SCANF = ['scanf', 'wscanf', 'vscanf'];
const FSCANF = ['fscanf', 'sscanf', 'fwscanf', 'swscanf', 'vfscanf', 'vsscanf'];

/** The C standard library and POSIX: input, process execution, files and format strings. */
export const posixSpec: CppLibrarySpec = {
  name: 'libc/POSIX',
  sources: [
    { call: 'getenv', kind: 'env', label: 'getenv()', confidence: 'high' },
    { call: 'secure_getenv', kind: 'env', label: 'secure_getenv()', confidence: 'high' },
    { call: '_wgetenv', kind: 'env', label: '_wgetenv()', confidence: 'high' },
    { call: 'readline', kind: 'stdin', label: 'readline()', confidence: 'high' },
    { call: 'gets', kind: 'stdin', label: 'gets()', confidence: 'high' },
    { call: 'getpass', kind: 'stdin', label: 'getpass()', confidence: 'high' },
  ],
  outArgs: [
    { call: ['fgets', 'fgetws', 'gets', 'gets_s'], args: [0], kind: 'file', label: 'fgets()', confidence: 'high' },
    { call: ['read', 'pread', 'recv', 'recvfrom', 'recvmsg', 'SSL_read', 'BIO_read'], args: [1], kind: 'network', label: 'read()/recv()', confidence: 'high' },
    { call: ['fread'], args: [0], kind: 'file', label: 'fread()', confidence: 'high' },
    { call: ['getline', 'getdelim'], args: [0], kind: 'file', label: 'getline()', confidence: 'high' },
    { call: SCANF, fromFormat: 0, kind: 'stdin', label: 'scanf()', confidence: 'high' },
    { call: FSCANF, fromFormat: 1, kind: 'file', label: 'fscanf()', confidence: 'high' },
  ],
  sinks: [
    { kind: 'command', call: ['system', '_wsystem', 'popen', '_popen', '_wpopen', 'WinExec'], targets: [{ arg: 0 }], label: 'system' },
    { kind: 'command', call: ['execl', 'execlp', 'execle', 'execv', 'execvp', 'execvpe', 'execve', 'posix_spawn', 'posix_spawnp'], targets: [{ executable: 0 }], label: 'exec' },
    { kind: 'path', call: ['fopen', 'freopen', 'open', 'openat', 'creat', 'opendir', 'unlink', 'remove', 'rename', 'rmdir', 'mkdir', 'chmod', 'chown', 'truncate', 'stat', 'lstat', 'access', 'realpath', 'ifstream', 'ofstream', 'fstream', 'dlopen'], targets: [{ arg: 0 }], label: 'file access' },
    { kind: 'format', call: ['printf', 'vprintf', 'wprintf', 'vwprintf'], targets: [{ arg: 0 }], label: 'printf' },
    { kind: 'format', call: ['fprintf', 'sprintf', 'vfprintf', 'vsprintf', 'dprintf', 'vdprintf', 'syslog', 'vsyslog', 'fwprintf', 'swprintf', 'asprintf', 'vasprintf', 'err', 'errx', 'warn', 'warnx'], targets: [{ arg: 1 }], label: 'printf' },
    { kind: 'format', call: ['snprintf', 'vsnprintf'], targets: [{ arg: 2 }], label: 'snprintf' },
    { kind: 'size', call: ['malloc', 'alloca', '_alloca', '__builtin_alloca', 'valloc'], targets: [{ arg: 0 }], label: 'allocation' },
    { kind: 'size', call: ['realloc', 'reallocarray'], targets: [{ arg: 1 }], label: 'allocation' },
    { kind: 'size', call: ['memcpy', 'memmove', 'strncpy', 'strncat', 'memset', 'wmemcpy'], targets: [{ arg: 2 }], label: 'copy' },
  ],
  sanitizers: [
    // A number cannot carry shell, SQL or path syntax; its magnitude still matters for sizes.
    { call: ['atoi', 'atol', 'atoll', 'atof', 'strtol', 'strtoul', 'strtoll', 'strtoull', 'strtod', 'stoi', 'stol', 'stoul', 'stoll', 'stod', 'strlen', 'wcslen', 'strnlen', 'sizeof'], cleans: ['sql', 'command', 'path', 'format', 'xss', 'log', 'ldap', 'xpath', 'ssrf', 'header', 'redirect', 'code'] },
    { call: ['basename', 'g_path_get_basename', 'PathFindFileName'], cleans: ['path'] },
    { call: ['sqlite3_mprintf', 'sqlite3_snprintf'], cleans: ['sql'] },
  ],
};
