/** Text that gives a server's internals away: database errors, stack traces. */
export const DATABASE_ERROR =
  /SQL syntax.{0,40}MySQL|SQLITE_(ERROR|CONSTRAINT)|sqlite3?\.OperationalError|PG::\w+Error|ORA-\d{5}|unterminated quoted string|syntax error at or near|MongoServerError|MongoError|SQLSTATE\[|Unclosed quotation mark after the character string|psycopg2\.\w+/i;

export const STACK_TRACE =
  /(?:\n|\\n)\s*at [\w$.<>[\] ]+ \(?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\n]*:\d+:\d+\)?|Traceback \(most recent call last\)|\bat [\w$.]+\([\w$]+\.java:\d+\)|Exception in thread "|System\.\w+Exception:|Fatal error: .{0,200} on line \d+|\.rb:\d+:in `/;
