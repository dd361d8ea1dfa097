/**
 * Shape checks that later stages rely on: containers are objects or lists where OpenAPI says so,
 * and every parameter has a `name` and a known `in`. An empty YAML field (`get:` with nothing
 * after it) reads as null; it is taken as an empty object with a warning rather than failing.
 */
import type { ProblemItem } from '../problem/index';
import { WARNING } from './errors';
import { HTTP_METHOD_FIELDS, type NodeKind } from './grammar';
import { describeValue, isObject, type JsonObject, own } from './json';
import type { SpecFamily } from './version';
import { escapePointer } from './pointer';
import { type Frame, type InvalidNode, pointerOf, type Visitor, walk } from './walk';

export interface StructureCheck {
  errors: ProblemItem[];
  warnings: ProblemItem[];
}

const PARAMETER_LOCATIONS: Record<SpecFamily, ReadonlySet<string>> = {
  '2.0': new Set(['query', 'header', 'path', 'formData', 'body']),
  '3.0': new Set(['query', 'header', 'path', 'cookie']),
  '3.1': new Set(['query', 'header', 'path', 'cookie', 'querystring']),
};

/** The fixed fields of the objects whose unknown fields are worth a warning (typos such as `operationID`). */
const KNOWN_FIELDS: Partial<Record<NodeKind, ReadonlySet<string>>> = {
  document: new Set([
    'openapi', 'swagger', 'info', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs',
    'jsonSchemaDialect', '$self', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'definitions', 'parameters',
    'responses', 'securityDefinitions',
  ]),
  pathItem: new Set([...HTTP_METHOD_FIELDS, 'query', 'additionalOperations', '$ref', 'summary', 'description', 'servers', 'parameters']),
  operation: new Set([
    'tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks',
    'deprecated', 'security', 'servers', 'consumes', 'produces', 'schemes',
  ]),
};

function unknownFieldWarnings(frame: Frame, warnings: ProblemItem[]): void {
  const known = KNOWN_FIELDS[frame.kind];
  if (known === undefined) return;
  for (const field of Object.keys(frame.node)) {
    if (known.has(field) || field.startsWith('x-')) continue;
    const lower = [...known].find((name) => name.toLowerCase() === field.toLowerCase());
    const hint = lower === undefined ? '' : ` (did you mean "${lower}"?)`;
    const message = `Unknown ${frame.kind === 'document' ? 'top-level' : frame.kind === 'pathItem' ? 'path item' : 'operation'} field "${field}" is ignored${hint}`;
    warnings.push({ location: `${pointerOf(frame)}/${escapePointer(field)}`, message, code: WARNING.unknownField });
  }
}

const EXPECTED: Record<InvalidNode['expected'], string> = { object: 'an object', list: 'a list', map: 'an object (a map)' };

function hasStringRef(node: JsonObject): boolean {
  return typeof own(node, '$ref') === 'string';
}

/**
 * Checks the shape of a (bundled, not yet upgraded) document; may replace null fields with empty ones.
 * @example checkStructure(doc, '3.0').errors // [{ location: '/paths/~1pets/get/parameters/0', ... }]
 */
export function checkStructure(document: JsonObject, family: SpecFamily): StructureCheck {
  const checker = structureChecker(document, family);
  walk(document, 'document', checker.visitor);
  return checker.result;
}

/** The visitor behind `checkStructure`, for a pass that runs other checks too. */
export function structureChecker(document: JsonObject, family: SpecFamily): { visitor: Visitor; result: StructureCheck } {
  const errors: ProblemItem[] = [];
  const warnings: ProblemItem[] = [];
  if (!isObject(own(document, 'info'))) {
    warnings.push({ location: '/info', message: 'The document has no `info` object', code: WARNING.missingInfo });
  }
  const visitor: Visitor = {
    invalid(issue) {
      const { location } = issue;
      if (issue.value === null) {
        const list = issue.expected === 'list';
        const empty: JsonObject = {};
        issue.replace(list ? [] : empty);
        warnings.push({ location, message: `Empty field read as ${list ? '[]' : '{}'}`, code: WARNING.emptyObject });
        return list ? undefined : empty;
      }
      const message = `Expected ${EXPECTED[issue.expected]} (${issue.kind}), found ${describeValue(issue.value)}`;
      errors.push({ location, message, code: 'type' });
      return undefined;
    },
    enter(frame) {
      const { node } = frame;
      unknownFieldWarnings(frame, warnings);
      if (frame.kind !== 'parameter' || hasStringRef(node)) return;
      const name = own(node, 'name');
      const where = own(node, 'in');
      if (typeof name !== 'string') {
        errors.push({ location: `${pointerOf(frame)}/name`, message: `A parameter needs a string \`name\`, found ${describeValue(name)}`, code: 'required' });
      }
      if (typeof where !== 'string' || !PARAMETER_LOCATIONS[family].has(where)) {
        const allowed = [...PARAMETER_LOCATIONS[family]].join(', ');
        const message = `Parameter \`in\` must be one of ${allowed} in a ${family} document, found ${describeValue(where)}`;
        errors.push({ location: `${pointerOf(frame)}/in`, message, code: 'enum' });
      }
    },
  };
  return { visitor, result: { errors, warnings } };
}
