import { Cwe } from '../../../core/cwe.js';
import { defineMemoryRule } from './support/memory-rule.js';

export const rule = defineMemoryRule({
  id: 'C-MEM-001',
  name: 'unchecked-allocation',
  title: 'Allocation result used without a NULL check',
  cwe: Cwe.UncheckedNullReturn,
  relatedCwe: [Cwe.NullDereference],
  severity: 'medium',
  confidence: 'high',
  description: 'The result of malloc, calloc, realloc, strdup or fopen is dereferenced (or handed to memcpy, strcpy, fprintf …) before any check that it is not NULL.',
  explanation: 'These calls return NULL when memory or the file is not available; writing through NULL (or NULL plus an attacker-influenced offset) crashes the process or, on systems that map low memory, corrupts it.',
  fix: 'Check the result before using it: if (p == NULL) { handle the error; return; }.',
  docs: {
    why: 'Allocation failure is an input an attacker can often provoke (large sizes, memory pressure); unchecked results turn it into a crash or memory corruption.',
    bad: '#include <stdlib.h>\n#include <string.h>\n\nchar *duplicate(const char *s, size_t n) {\n    char *copy = malloc(n + 1);\n    memcpy(copy, s, n);\n    copy[n] = 0;\n    return copy;\n}',
    good: '#include <stdlib.h>\n#include <string.h>\n\nchar *duplicate(const char *s, size_t n) {\n    char *copy = malloc(n + 1);\n    if (copy == NULL) return NULL;\n    memcpy(copy, s, n);\n    copy[n] = 0;\n    return copy;\n}',
    notDetected: 'Allocation wrappers of the project (xmalloc-style functions that never return NULL are assumed to abort) and checks done in called functions are not followed.',
    references: ['https://cwe.mitre.org/data/definitions/690.html', 'https://wiki.sei.cmu.edu/confluence/display/c/ERR33-C.+Detect+and+handle+standard+library+errors'],
  },
  accepts: (e) => e.kind === 'unchecked-deref',
  message: ({ variable, line }) => `${variable} (allocated on line ${line}) is dereferenced without checking it for NULL`,
});
