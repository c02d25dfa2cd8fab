import type { CppLibrarySpec } from './types.js';

/** SQL client libraries whose calls run SQL text: SQLite, MySQL, PostgreSQL, ODBC. */
export const databaseSpec: CppLibrarySpec = {
  name: 'SQL clients',
  sinks: [
    { kind: 'sql', call: ['sqlite3_exec', 'sqlite3_prepare', 'sqlite3_prepare_v2', 'sqlite3_prepare_v3', 'sqlite3_prepare16', 'sqlite3_prepare16_v2', 'mysql_query', 'mysql_real_query', 'PQexec', 'PQprepare', 'PQsendQuery', 'SQLExecDirect', 'SQLPrepare'], targets: [{ arg: 1 }], label: 'sqlite3_exec' },
    { kind: 'sql', method: ['exec', 'exec0', 'exec1', 'exec_params'], receiverOrigins: ['pqxx::work', 'pqxx::nontransaction', 'work', 'nontransaction'], targets: [{ arg: 0 }], label: 'pqxx::work::exec' },
  ],
};
