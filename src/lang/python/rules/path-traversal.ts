import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-PATH-001',
  name: 'path-traversal',
  title: "Path traversal: untrusted data chooses a file path",
  cwe: Cwe.PathTraversal,
  relatedCwe: [Cwe.ExternalFileName],
  severity: 'high',
  confidence: 'high',
  sinkKind: 'path',
  description: "Untrusted data reaches a file system path (open, os.remove, shutil, pathlib, send_file) without being confined to a directory.",
  explanation: "A file name such as ../../etc/passwd or an absolute path walks out of the intended directory, so the attacker reads, overwrites or deletes files the process can reach.",
  fix: "Reduce the name to a plain file name (werkzeug.utils.secure_filename or os.path.basename), join it to a fixed base directory, resolve it with os.path.realpath and check that the result is still inside the base directory before using it; use flask.send_from_directory for downloads.",
  docs: {
    why: "Path traversal exposes configuration files, keys and source code, and with write access lets an attacker plant code or destroy data.",
    bad: "import os\nfrom flask import request\n\ndef download():\n    name = request.args[\"file\"]\n    return open(os.path.join(\"/srv/files\", name)).read()",
    good: "import os\nfrom flask import request\nfrom werkzeug.utils import secure_filename\n\ndef download():\n    name = secure_filename(request.args[\"file\"])\n    return open(os.path.join(\"/srv/files\", name)).read()",
    notDetected: "Checks done in another function than the file access are not recognised as confining the path. Archive extraction is a separate rule.",
    references: [
      "https://cwe.mitre.org/data/definitions/22.html",
      "https://owasp.org/www-community/attacks/Path_Traversal",
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.utils.secure_filename",
    ],
  },
  message: ({ source, sink }) => `${source} chooses the file path used by ${sink}`,
});
