import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from './support/taint-rule.js';

export const rule = defineTaintRule({
  id: 'C-PATH-001',
  name: 'c-path-traversal',
  title: 'File path from untrusted data',
  cwe: Cwe.PathTraversal,
  relatedCwe: [Cwe.ExternalFileName],
  severity: 'high',
  confidence: 'medium',
  sinkKind: 'path',
  description: 'A file name from input (argv, getenv, a network read, a URL query) is opened, created or removed (fopen, open, unlink, QFile, std::ifstream) without a check for ".." or a reduction to its base name.',
  explanation: 'A name containing "../" or an absolute path leaves the directory the program meant to use: it can read secrets or overwrite files the process can reach.',
  fix: 'Reduce the name to its last component (basename(), QFileInfo::fileName()), reject names containing "..", or resolve it with realpath() and check that the result is inside the allowed directory.',
  docs: {
    why: 'Path traversal lets a user read or write files outside the directory the program meant to serve.',
    bad: '#include <stdio.h>\n#include <stdlib.h>\n\nFILE *open_upload(void) {\n    char path[512];\n    snprintf(path, sizeof path, "/srv/uploads/%s", getenv("UPLOAD_NAME"));\n    return fopen(path, "rb");\n}',
    good: '#include <libgen.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nFILE *open_upload(void) {\n    const char *name = getenv("UPLOAD_NAME");\n    if (!name || strstr(name, "..")) return NULL;\n    char path[512];\n    snprintf(path, sizeof path, "/srv/uploads/%s", name);\n    return fopen(path, "rb");\n}',
    notDetected: 'Only data from recognised input sources is reported: a name that is a parameter of a function with no caller in the reviewed code is not. Checks done by helper functions are recognised by name only (is_safe_path(), validate…()).',
    references: ['https://cwe.mitre.org/data/definitions/22.html', 'https://wiki.sei.cmu.edu/confluence/display/c/FIO02-C.+Canonicalize+path+names+originating+from+tainted+sources'],
  },
  accept: (_ctx, reported) => !reported.unknownCallers,
  message: ({ source, sink }) => `a file name from ${source} is used by ${sink}`,
});
