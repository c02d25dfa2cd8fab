import { Cwe } from '../../../core/cwe.js';
import { defineMemoryRule } from './support/memory-rule.js';

export const rule = defineMemoryRule({
  id: 'C-MEM-002',
  name: 'use-after-free',
  title: 'Use of memory after it was freed',
  cwe: Cwe.UseAfterFree,
  severity: 'high',
  confidence: 'high',
  description: 'A pointer is read, dereferenced or passed on after free() or delete on every path to that point, with no new value assigned in between.',
  explanation: 'Freed memory goes back to the allocator and is soon handed out again: reading it leaks another object\'s data, and writing it corrupts that object or the heap\'s own bookkeeping, a common route to code execution.',
  fix: 'Free the memory after its last use, and set the pointer to NULL right after free() so a later use fails loudly instead of silently.',
  docs: {
    why: 'Use after free corrupts memory the allocator has given to someone else; attackers turn it into code execution.',
    bad: '#include <stdlib.h>\n#include <string.h>\n\nsize_t name_length(void) {\n    char *name = strdup("guest");\n    free(name);\n    return strlen(name);\n}',
    good: '#include <stdlib.h>\n#include <string.h>\n\nsize_t name_length(void) {\n    char *name = strdup("guest");\n    size_t n = name ? strlen(name) : 0;\n    free(name);\n    return n;\n}',
    notDetected: 'Only uses within the function that frees, through the same variable name, are found: aliases (q = p), struct fields and frees in other functions are not followed. A use on only some paths after a free is not reported.',
    references: ['https://cwe.mitre.org/data/definitions/416.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MEM30-C.+Do+not+access+freed+memory'],
  },
  accepts: (e) => e.kind === 'use-after-free',
  message: ({ variable, line }) => `${variable} is used after it was freed on line ${line}`,
});
