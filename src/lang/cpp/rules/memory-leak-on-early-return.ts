import { Cwe } from '../../../core/cwe.js';
import { defineMemoryRule } from './support/memory-rule.js';

export const rule = defineMemoryRule({
  id: 'C-MEM-004',
  name: 'memory-leak-on-early-return',
  title: 'Memory leaked on an early return',
  cwe: Cwe.MemoryLeak,
  severity: 'medium',
  confidence: 'high',
  description: 'A function that frees an allocation on its normal path returns early (an error path) while the allocation is still live and has not been handed to anyone.',
  explanation: 'Each time the early return is taken the block is lost; an attacker who can trigger the error path repeatedly (malformed requests) exhausts the process\'s memory.',
  fix: 'Free the allocation on every return path, typically with a single cleanup label: goto out; … out: free(buf); return rc;',
  docs: {
    why: 'Leaks on error paths are the ones tests never exercise and attackers can trigger at will.',
    bad: '#include <stdio.h>\n#include <stdlib.h>\n\nint load(FILE *f) {\n    char *buf = malloc(4096);\n    if (!buf) return -1;\n    if (fread(buf, 1, 4096, f) == 0)\n        return -1;\n    free(buf);\n    return 0;\n}',
    good: '#include <stdio.h>\n#include <stdlib.h>\n\nint load(FILE *f) {\n    int rc = 0;\n    char *buf = malloc(4096);\n    if (!buf) return -1;\n    if (fread(buf, 1, 4096, f) == 0)\n        rc = -1;\n    free(buf);\n    return rc;\n}',
    notDetected: 'Only functions that release the same variable somewhere are judged (that shows they own it); allocations stored in fields or passed to other functions are treated as handed over.',
    references: ['https://cwe.mitre.org/data/definitions/401.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MEM31-C.+Free+dynamically+allocated+memory+when+no+longer+needed'],
  },
  accepts: (e) => e.kind === 'leak' && e.resource === 'memory',
  message: ({ variable, line }) => `this return leaks ${variable}, allocated on line ${line} and freed only on other paths`,
});
