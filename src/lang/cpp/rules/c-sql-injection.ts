import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from './support/taint-rule.js';

export const rule = defineTaintRule({
  id: 'C-SQL-001',
  name: 'c-sql-injection',
  title: 'SQL text built from untrusted data',
  cwe: Cwe.SqlInjection,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'sql',
  description: 'SQL text that contains untrusted data (concatenation, QString::arg, sprintf) reaches sqlite3_exec/sqlite3_prepare, mysql_query, PQexec, or QSqlQuery::exec/prepare.',
  explanation: 'Data spliced into SQL text can close the literal it was meant to fill and add SQL of its own: read other tables, change data or bypass a login check.',
  fix: 'Keep the SQL text constant and bind values: sqlite3_prepare_v2 with ? placeholders and sqlite3_bind_text(), or QSqlQuery::prepare("… WHERE name = ?") with addBindValue().',
  docs: {
    why: 'SQL injection lets an attacker run their own SQL against the application\'s database.',
    bad: '#include <QSqlQuery>\n#include <QUrlQuery>\n\nvoid find(const QUrlQuery &query) {\n    QString name = query.queryItemValue("name");\n    QSqlQuery q;\n    q.exec("SELECT * FROM users WHERE name = \'" + name + "\'");\n}',
    good: '#include <QSqlQuery>\n#include <QUrlQuery>\n\nvoid find(const QUrlQuery &query) {\n    QSqlQuery q;\n    q.prepare("SELECT * FROM users WHERE name = ?");\n    q.addBindValue(query.queryItemValue("name"));\n    q.exec();\n}',
    notDetected: 'SQL assembled in another file, or in a struct field filled elsewhere, is not followed. Escaping functions of other libraries are not recognised as sanitizers.',
    references: ['https://cwe.mitre.org/data/definitions/89.html', 'https://www.sqlite.org/c3ref/bind_blob.html', 'https://doc.qt.io/qt-6/qsqlquery.html#prepare'],
  },
  message: ({ source, sink }) => `SQL text built from ${source} is run by ${sink}`,
});
