import type { FrameworkSpec, SinkSpec } from '../../../../dataflow/spec.js';

const SUBPROCESS = ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'];
const EXEC_FAMILY = ['os.execl', 'os.execle', 'os.execlp', 'os.execlpe', 'os.execv', 'os.execve', 'os.execvp', 'os.execvpe'];
const SPAWN_FAMILY = ['os.spawnl', 'os.spawnle', 'os.spawnlp', 'os.spawnlpe', 'os.spawnv', 'os.spawnve', 'os.spawnvp', 'os.spawnvpe'];
const ONE_PATH = [
  'open', 'io.open', 'codecs.open', 'os.open', 'os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.mkdir', 'os.makedirs',
  'os.listdir', 'os.scandir', 'os.chmod', 'os.chown', 'os.truncate', 'shutil.rmtree', 'shutil.make_archive', 'tarfile.open',
  'zipfile.ZipFile', 'pathlib.Path.read_text', 'os.startfile', 'fileinput.input', 'shelve.open',
];
const TWO_PATHS = ['os.rename', 'os.replace', 'os.link', 'os.symlink', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move'];
const PATH_METHODS = ['open', 'read_text', 'read_bytes', 'write_text', 'write_bytes', 'unlink', 'rmdir', 'mkdir', 'touch', 'rename', 'replace', 'iterdir', 'chmod'];

const ET_ROOTS = ['xml.etree.ElementTree.parse', 'xml.etree.ElementTree.fromstring', 'xml.etree.ElementTree.ElementTree', 'xml.etree.ElementTree.XML', 'xml.etree.cElementTree.parse', 'xml.etree.cElementTree.fromstring'];
/** Elements and trees of ElementTree, including what getroot()/find() on them return. */
const ET_ELEMENT_ORIGINS = ET_ROOTS.flatMap((o) => [o, `${o}.getroot`, `${o}.find`, `${o}.getroot.find`]);

const LOG_METHODS = ['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'fatal'];
/** What creates a logger: getLogger, child loggers, adapters, Flask's app.logger. */
const LOGGERS = ['logging.getLogger', 'logging.getLogger.getChild', 'logging.LoggerAdapter', 'logging.Logger', 'flask.Flask.logger', 'quart.Quart.logger'];

const commandSinks: SinkSpec[] = [
  { kind: 'command', call: ['os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell'], targets: [{ arg: 0, keyword: 'cmd' }] },
  { kind: 'command', call: SUBPROCESS, whenKeywordTruthy: 'shell', targets: [{ arg: 0, keyword: 'args' }] },
  // Without a shell only the program itself matters: its arguments are passed verbatim.
  { kind: 'command', call: [...SUBPROCESS, 'asyncio.create_subprocess_exec'], unlessKeywordTruthy: 'shell', targets: [{ executable: 0 }] },
  { kind: 'command', call: [...EXEC_FAMILY, 'os.posix_spawn', 'os.posix_spawnp'], targets: [{ arg: 0, keyword: 'path' }] },
  { kind: 'command', call: SPAWN_FAMILY, targets: [{ arg: 1, keyword: 'path' }] },
];

/** The standard library: CLI/env/stdin/socket/file sources and code, command, path, log sinks. */
export const stdlibSpec: FrameworkSpec = {
  name: 'stdlib',
  sources: [
    { attribute: 'sys.argv', kind: 'cli', label: 'sys.argv', confidence: 'medium' },
    { attribute: 'sys.stdin', kind: 'stdin', label: 'sys.stdin', confidence: 'medium' },
    { call: 'input', kind: 'stdin', label: 'input()', confidence: 'medium' },
    { call: 'raw_input', kind: 'stdin', label: 'raw_input()', confidence: 'medium' },
    { attribute: 'os.environ', kind: 'env', label: 'os.environ', confidence: 'low' },
    { call: 'os.getenv', kind: 'env', label: 'os.getenv()', confidence: 'low' },
    { call: 'os.environb.get', kind: 'env', label: 'os.environb', confidence: 'low' },
    { method: { names: ['recv', 'recvfrom', 'recv_into', 'makefile'], receiverOrigins: ['socket.socket', 'socket.create_connection', 'socket.socket.accept', 'socket.fromfd'] }, kind: 'network', label: 'socket data', confidence: 'medium' },
    { method: { names: ['read', 'readline', 'readlines'], receiverOrigins: ['open', 'io.open', 'codecs.open'] }, kind: 'file', label: 'file contents', confidence: 'low' },
    { method: { names: ['parse_args', 'parse_known_args', 'parse_intermixed_args'], receiverOrigins: ['argparse.ArgumentParser'] }, kind: 'cli', label: 'command-line arguments', confidence: 'medium' },
    { method: { names: ['read_text', 'read_bytes'], receiverOrigins: ['pathlib.Path'] }, kind: 'file', label: 'file contents', confidence: 'low' },
    { method: { names: ['read', 'getvalue'], receiverOrigins: ['urllib.request.urlopen'] }, kind: 'network', label: 'HTTP response body', confidence: 'low' },
  ],
  sinks: [
    ...commandSinks,
    { kind: 'code', call: ['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'code.InteractiveInterpreter.runsource'], targets: [{ arg: 0, keyword: 'source' }] },
    { kind: 'import', call: ['__import__', 'importlib.import_module', 'importlib.__import__', 'imp.load_source', 'runpy.run_module', 'runpy.run_path'], targets: [{ arg: 0, keyword: 'name' }] },
    { kind: 'path', call: ONE_PATH, targets: [{ arg: 0, keyword: 'file' }] },
    { kind: 'path', call: TWO_PATHS, targets: [{ arg: 0, keyword: 'src' }, { arg: 1, keyword: 'dst' }] },
    { kind: 'path', method: PATH_METHODS, receiverOrigins: ['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath'], targets: [{ receiver: true }] },
    { kind: 'deserialize', call: ['pickle.load', 'pickle.loads', 'cPickle.load', 'cPickle.loads', '_pickle.load', '_pickle.loads', 'marshal.load', 'marshal.loads', 'shelve.open', 'dill.load', 'dill.loads', 'jsonpickle.decode', 'pandas.read_pickle', 'pickle.Unpickler'], targets: [{ arg: 0 }] },
    { kind: 'deserialize', call: ['yaml.load', 'yaml.load_all', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load'], targets: [{ arg: 0, keyword: 'stream' }] },
    { kind: 'ssrf', call: ['urllib.request.urlopen', 'urllib.request.Request', 'urllib.urlopen', 'urllib2.urlopen', 'http.client.HTTPConnection', 'http.client.HTTPSConnection'], targets: [{ arg: 0, keyword: 'url' }] },
    { kind: 'log', call: ['logging.debug', 'logging.info', 'logging.warning', 'logging.warn', 'logging.error', 'logging.critical', 'logging.exception', 'logging.log'], targets: [{ arg: 0, keyword: 'msg' }, { arg: 1 }, { arg: 2 }, { arg: 3 }] },
    { kind: 'log', method: LOG_METHODS, receiverOrigins: LOGGERS, targets: [{ arg: 0, keyword: 'msg' }, { arg: 1 }, { arg: 2 }, { arg: 3 }] },
    // Logger.log(level, msg, *args): the message comes second.
    { kind: 'log', method: ['log'], receiverOrigins: LOGGERS, targets: [{ arg: 1, keyword: 'msg' }, { arg: 2 }, { arg: 3 }, { arg: 4 }] },
    // Loggers passed around (self.logger, a `log` parameter) in files that use the logging module.
    { kind: 'log', method: LOG_METHODS, receiverSuffixes: ['logger', 'log', 'LOG', 'LOGGER', '_logger', '_log'], whenImported: 'logging', targets: [{ arg: 0, keyword: 'msg' }, { arg: 1 }, { arg: 2 }, { arg: 3 }] },
    { kind: 'xpath', method: ['find', 'findall', 'findtext', 'iterfind'], receiverOrigins: ET_ELEMENT_ORIGINS, targets: [{ arg: 0, keyword: 'path' }] },
    { kind: 'xxe', call: ['xml.sax.parseString', 'xml.dom.pulldom.parseString'], targets: [{ arg: 0 }] },
  ],
  sanitizers: [
    { call: ['int', 'float', 'bool', 'complex', 'len', 'hash', 'id', 'ord', 'abs', 'round', 'isinstance', 'issubclass', 'callable', 'uuid.UUID', 'decimal.Decimal', 'ipaddress.ip_address', 'ipaddress.ip_network', 'datetime.date.fromisoformat', 'datetime.datetime.fromisoformat', 'datetime.datetime.strptime', 'math.floor', 'math.ceil', 'hashlib.sha256', 'hashlib.sha1', 'hashlib.md5', 'hmac.compare_digest', 'secrets.compare_digest', 'bool'], cleans: 'all' },
    { call: ['shlex.quote', 'pipes.quote'], cleans: ['command'] },
    { call: ['shlex.join'], cleans: ['command'] },
    { call: ['html.escape', 'cgi.escape', 'xml.sax.saxutils.escape', 'bleach.clean'], cleans: ['xss'] },
    { call: ['urllib.parse.quote', 'urllib.parse.quote_plus', 'urllib.quote', 'urllib.quote_plus', 'urllib.parse.urlencode'], cleans: ['xss', 'redirect', 'header', 'ssrf', 'log'] },
    { call: ['os.path.basename'], cleans: ['path'] },
    { call: ['re.escape'], cleans: ['code'] },
    { call: ['json.dumps'], cleans: ['log', 'header'] },
    { call: ['repr', 'ascii'], cleans: ['log'] },
  ],
};
