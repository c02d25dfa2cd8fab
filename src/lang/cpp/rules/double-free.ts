import { Cwe } from '../../../core/cwe.js';
import { defineMemoryRule } from './support/memory-rule.js';

export const rule = defineMemoryRule({
  id: 'C-MEM-003',
  name: 'double-free',
  title: 'Memory freed twice',
  cwe: Cwe.DoubleFree,
  severity: 'high',
  confidence: 'high',
  description: 'free(), delete or fclose() is called on a pointer that was already released on every path to that call.',
  explanation: 'Releasing the same block twice corrupts the allocator\'s free lists; attackers use it to make two later allocations overlap and overwrite data they should not reach.',
  fix: 'Release each allocation exactly once, on one path; set the pointer to NULL after free() (free(NULL) does nothing).',
  docs: {
    why: 'A double free corrupts the heap, which attackers exploit for arbitrary writes.',
    bad: '#include <stdlib.h>\n\nint process(int fail) {\n    char *buf = malloc(64);\n    if (!buf) return -1;\n    free(buf);\n    if (fail) {\n        free(buf);\n        return -1;\n    }\n    return 0;\n}',
    good: '#include <stdlib.h>\n\nint process(int fail) {\n    char *buf = malloc(64);\n    if (!buf) return -1;\n    free(buf);\n    buf = NULL;\n    if (fail) {\n        free(buf);\n        return -1;\n    }\n    return 0;\n}',
    notDetected: 'Frees in different functions, or through another variable holding the same pointer, are not followed.',
    references: ['https://cwe.mitre.org/data/definitions/415.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MEM31-C.+Free+dynamically+allocated+memory+when+no+longer+needed'],
  },
  accepts: (e) => e.kind === 'double-free',
  message: ({ variable, line }) => `${variable} is released again after it was released on line ${line}`,
});
