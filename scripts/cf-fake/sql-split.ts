/**
 * Splits a SQL text into statements on top-level semicolons, the way D1's query endpoint runs a
 * multi-statement body: quotes, comments and the BEGIN … END body of a trigger do not split.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let depth = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (text !== '' && !isOnlyComments(text)) statements.push(text);
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(sql, i, c);
    } else if (c === '[') {
      i = sql.indexOf(']', i) === -1 ? sql.length : sql.indexOf(']', i) + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (word === 'BEGIN' && isTriggerBody(sql.slice(start, i))) depth++;
      else if (word === 'CASE' && depth > 0) depth++;
      else if (word === 'END' && depth > 0) depth--;
      i = j;
    } else if (c === ';' && depth === 0) {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(sql.length);
  return statements;
}

function skipQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

function isTriggerBody(before: string): boolean {
  return /\bCREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(before);
}

function isOnlyComments(text: string): boolean {
  return text.replace(/--[^\n]*(\n|$)/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
