/**
 * Text → plain JSON value. JSON-looking text is parsed as JSON (so its errors are JSON errors),
 * anything else as YAML 1.2. Every syntax error is reported with line and column.
 */
import { isDocument, parseDocument, visit } from 'yaml';
import { fail, ok, problem, type ProblemItem, type Result } from '../problem/index';
import { NOT_A_SPEC, SPEC_SYNTAX } from './errors';
import { findJsonSyntaxError, lineColumn } from './json-error';

export type SpecFormat = 'json' | 'yaml';

export interface ParsedText {
  value: unknown;
  format: SpecFormat;
}

/**
 * Aliases multiply a document; real specs use a few dozen, an expansion attack needs thousands.
 * The `yaml` default (100) rejects some honest specs.
 */
const MAX_ALIAS_COUNT = 10_000;

function label(location: string | undefined): string {
  return location ? `${location}: ` : '';
}

function syntaxFailure(location: string | undefined, format: SpecFormat, errors: ProblemItem[]): Result<ParsedText> {
  const first = errors[0];
  const where = first?.line === undefined ? '' : `${first.line}:${first.column}: `;
  const detail = `${label(location)}${where}${first?.message ?? 'unreadable text'}`;
  return fail(problem(SPEC_SYNTAX, `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${detail}`, { errors, format }));
}

function parseJson(text: string, location: string | undefined): Result<ParsedText> {
  try {
    return ok({ value: JSON.parse(text), format: 'json' });
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const engineMessage = error instanceof Error ? error.message : String(error);
    const offset = found?.offset ?? Number(/position (\d+)/.exec(engineMessage)?.[1] ?? text.length);
    // The engine's own message may quote the text; it is never passed on.
    const message = found?.message ?? 'The text is not valid JSON';
    return syntaxFailure(location, 'json', [{ location: '', message, code: 'json', ...lineColumn(text, offset) }]);
  }
}

/** At most this many syntax errors are kept (a non-spec file has one per line). */
const MAX_SYNTAX_ERRORS = 20;

/** The parser's message without the text it quotes: an error never echoes the document. */
function yamlMessage(message: string): string {
  // The YAML parser recurses per level of nesting; a document nested thousands deep exhausts it.
  if (message.includes('Maximum call stack size exceeded')) return 'the document nests too deeply to be read';
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').replace(/: ".*$/, '');
}

function parseYaml(text: string, location: string | undefined): Result<ParsedText> {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error): ProblemItem => {
      const position = error.linePos?.[0];
      return {
        location: '',
        message: yamlMessage(error.message),
        code: error.code,
        ...(position ? { line: position.line, column: position.col } : {}),
      };
    });
    const failure = syntaxFailure(location, 'yaml', errors.slice(0, MAX_SYNTAX_ERRORS));
    if (!failure.ok && errors.length > MAX_SYNTAX_ERRORS) failure.problem.moreErrors = errors.length - MAX_SYNTAX_ERRORS;
    return failure;
  }
  let hasAlias = false;
  if (isDocument(doc)) {
    visit(doc, {
      Alias: () => {
        hasAlias = true;
        return visit.BREAK;
      },
    });
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    // An alias yields the same object at every use; later stages edit the document in place, so
    // each use needs its own copy. A round trip also rejects an alias that contains itself.
    return ok({ value: hasAlias ? JSON.parse(JSON.stringify(value)) : value, format: 'yaml' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return syntaxFailure(location, 'yaml', [{ location: '', message: `YAML aliases cannot be expanded: ${message}` }]);
  }
}

/**
 * Parses spec text, detecting JSON or YAML.
 * @example parseSpecText('openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n')
 */
export function parseSpecText(text: string, location?: string): Result<ParsedText> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start === '') {
    return fail(problem(NOT_A_SPEC, `${label(location)}the text is empty`, { errors: [{ location: '', message: 'The text is empty' }] }));
  }
  if (start.startsWith('<')) {
    const message = 'The text looks like HTML or XML, not JSON or YAML';
    return fail(problem(NOT_A_SPEC, `${label(location)}${message}`, { errors: [{ location: '', message }] }));
  }
  return start.startsWith('{') || start.startsWith('[') ? parseJson(body, location) : parseYaml(body, location);
}
