import { Cwe } from '../../../core/cwe.js';
import { defineMemoryRule } from './support/memory-rule.js';

export const rule = defineMemoryRule({
  id: 'C-RES-001',
  name: 'handle-leak-on-early-return',
  title: 'File or descriptor leaked on an early return',
  cwe: Cwe.FileHandleLeak,
  severity: 'medium',
  confidence: 'high',
  description: 'A function that closes a FILE stream, descriptor or directory on its normal path returns early while it is still open.',
  explanation: 'Every leaked handle stays open until the process exits; an attacker who can trigger the error path exhausts the descriptor limit and the service stops accepting files and connections.',
  fix: 'Close the handle on every return path, typically with one cleanup label (goto out; … out: fclose(f);).',
  docs: {
    why: 'Descriptor exhaustion is a cheap denial of service against long-running servers.',
    bad: '#include <stdio.h>\n\nint first_byte(const char *path) {\n    FILE *f = fopen(path, "rb");\n    if (!f) return -1;\n    int c = fgetc(f);\n    if (c == EOF)\n        return -1;\n    fclose(f);\n    return c;\n}',
    good: '#include <stdio.h>\n\nint first_byte(const char *path) {\n    FILE *f = fopen(path, "rb");\n    if (!f) return -1;\n    int c = fgetc(f);\n    fclose(f);\n    return c == EOF ? -1 : c;\n}',
    notDetected: 'Only functions that close the same variable somewhere are judged; handles stored in structs or passed to other functions are treated as handed over.',
    references: ['https://cwe.mitre.org/data/definitions/775.html', 'https://wiki.sei.cmu.edu/confluence/display/c/FIO42-C.+Close+files+when+they+are+no+longer+needed'],
  },
  accepts: (e) => e.kind === 'leak' && e.resource !== 'memory',
  message: ({ variable, line, resource }) => `this return leaks the ${resource} ${variable}, opened on line ${line} and closed only on other paths`,
});
