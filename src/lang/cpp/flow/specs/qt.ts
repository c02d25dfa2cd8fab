import type { CppLibrarySpec } from './types.js';

/** Receiver types whose read methods return bytes from outside (QIODevice and its subclasses). */
export const QT_DEVICES = [
  'QIODevice', 'QNetworkReply', 'QTcpSocket', 'QSslSocket', 'QUdpSocket', 'QLocalSocket', 'QAbstractSocket', 'QFile', 'QProcess', 'QSerialPort', 'QBuffer', 'QWebSocket',
];

/** Qt: device reads, process environment and arguments, URL queries; QProcess, QSqlQuery, QFile. */
export const qtSpec: CppLibrarySpec = {
  name: 'Qt',
  sources: [
    { method: { names: ['readAll', 'readLine', 'read', 'peek', 'readAllStandardOutput', 'readAllStandardError', 'readDatagram', 'receiveDatagram', 'rawHeader'], receiverOrigins: QT_DEVICES }, kind: 'network', label: 'QIODevice::readAll()', confidence: 'high' },
    { call: 'qgetenv', kind: 'env', label: 'qgetenv()', confidence: 'high' },
    { call: 'qEnvironmentVariable', kind: 'env', label: 'qEnvironmentVariable()', confidence: 'high' },
    { call: 'QCoreApplication::arguments', kind: 'cli', label: 'QCoreApplication::arguments()', confidence: 'high' },
    { call: 'QApplication::arguments', kind: 'cli', label: 'QCoreApplication::arguments()', confidence: 'high' },
    { call: 'QGuiApplication::arguments', kind: 'cli', label: 'QCoreApplication::arguments()', confidence: 'high' },
    { method: { names: ['arguments'], receiverOrigins: ['QCoreApplication', 'QApplication', 'QGuiApplication', 'qApp'] }, kind: 'cli', label: 'QCoreApplication::arguments()', confidence: 'high' },
    { method: { names: ['value'], receiverOrigins: ['QProcessEnvironment'] }, kind: 'env', label: 'QProcessEnvironment::value()', confidence: 'high' },
    { method: { names: ['queryItemValue', 'allQueryItemValues', 'queryItems', 'query'], receiverOrigins: ['QUrlQuery', 'QUrl'] }, kind: 'web', label: 'QUrlQuery::queryItemValue()', confidence: 'high' },
    { method: { names: ['text', 'toPlainText'], receiverOrigins: ['QLineEdit', 'QTextEdit', 'QPlainTextEdit', 'QComboBox'] }, kind: 'stdin', label: 'user input widget', confidence: 'medium' },
  ],
  sinks: [
    { kind: 'command', method: ['start', 'startDetached', 'execute', 'setProgram'], receiverOrigins: ['QProcess'], targets: [{ arg: 0 }], label: 'QProcess::start' },
    { kind: 'command', call: ['QProcess::execute', 'QProcess::startDetached'], targets: [{ arg: 0 }], label: 'QProcess::execute' },
    { kind: 'sql', method: ['exec', 'prepare'], receiverOrigins: ['QSqlQuery', 'QSqlDatabase'], targets: [{ arg: 0 }], label: 'QSqlQuery::exec' },
    { kind: 'sql', call: ['QSqlQuery'], targets: [{ arg: 0 }], label: 'QSqlQuery' },
    { kind: 'path', call: ['QFile', 'QSaveFile', 'QLibrary', 'QPluginLoader', 'QSettings'], targets: [{ arg: 0 }], label: 'QFile' },
    { kind: 'path', method: ['setFileName', 'remove', 'rename', 'copy', 'link'], receiverOrigins: ['QFile', 'QSaveFile', 'QDir'], targets: [{ arg: 0 }], label: 'QFile' },
    { kind: 'path', call: ['QFile::remove', 'QFile::copy', 'QFile::rename', 'QFile::exists', 'QFile::link'], targets: [{ arg: 0 }], label: 'QFile' },
    { kind: 'format', call: ['qDebug', 'qWarning', 'qCritical', 'qInfo', 'qFatal', 'QString::asprintf'], targets: [{ arg: 0 }], label: 'qWarning' },
  ],
  sanitizers: [
    { method: ['toInt', 'toUInt', 'toLong', 'toULong', 'toLongLong', 'toULongLong', 'toShort', 'toUShort', 'toDouble', 'toFloat', 'size', 'length', 'count'], cleans: ['sql', 'command', 'path', 'format', 'xss', 'log', 'ldap', 'xpath', 'ssrf', 'header', 'redirect', 'code'] },
    { call: ['QString::number', 'QByteArray::number'], cleans: ['sql', 'command', 'path', 'format', 'xss', 'log', 'ldap', 'xpath', 'ssrf', 'header', 'redirect', 'code', 'size'] },
    { method: ['fileName', 'baseName', 'completeBaseName', 'filename'], cleans: ['path'] },
    { method: ['toPercentEncoding', 'toHtmlEscaped'], cleans: ['sql', 'command', 'path', 'xss'] },
  ],
};
