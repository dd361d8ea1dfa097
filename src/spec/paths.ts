/**
 * Path templates: malformed keys are fatal; a template parameter that no `in: path` parameter
 * describes (or the reverse) is a warning, since a mock can still route the request.
 */
import type { ProblemItem } from '../problem/index';
import { WARNING } from './errors';
import { HTTP_METHOD_FIELDS } from './grammar';
import { isObject, type JsonObject, own } from './json';
import { escapePointer } from './pointer';
import { derefNode } from './refs';

/**
 * The template part of a path key: real specs append `#variant` or `?query=...` to tell apart
 * operations on one path. The cut is made outside braces only.
 */
export function pathTemplateOf(key: string): string {
  let depth = 0;
  for (let i = 0; i < key.length; i += 1) {
    const ch = key[i];
    if (ch === '{') depth += 1;
    else if (ch === '}') depth -= 1;
    else if ((ch === '#' || ch === '?') && depth <= 0) return key.slice(0, i);
  }
  return key;
}

/** Why a path key is not a usable template, or `undefined` when it is. */
export function pathTemplateError(key: string): string | undefined {
  const template = pathTemplateOf(key);
  if (!template.startsWith('/')) return 'a path must start with "/"';
  let open = -1;
  for (let i = 0; i < template.length; i += 1) {
    const ch = template[i];
    if (ch === '{') {
      if (open !== -1) return `"{" at ${i + 1} opens inside another "{"`;
      open = i;
    } else if (ch === '}') {
      if (open === -1) return `"}" at ${i + 1} closes nothing`;
      if (template.slice(open + 1, i).trim() === '') return `empty "{}" at ${open + 1}`;
      open = -1;
    }
  }
  return open === -1 ? undefined : `"{" at ${open + 1} is never closed`;
}

/** The parameter names in a valid template: `/pets/{petId}/toys/{toyId}` → `['petId', 'toyId']`. */
export function templateParameters(key: string): string[] {
  return [...pathTemplateOf(key).matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]);
}

function pathsOf(document: JsonObject): JsonObject | undefined {
  const paths = own(document, 'paths');
  return isObject(paths) ? paths : undefined;
}

/** Every malformed key of `paths`, located at `/paths/<key>`. */
export function checkPathTemplates(document: JsonObject): ProblemItem[] {
  const errors: ProblemItem[] = [];
  for (const key of Object.keys(pathsOf(document) ?? {})) {
    if (key.startsWith('x-')) continue;
    const why = pathTemplateError(key);
    if (why !== undefined) {
      errors.push({ location: `/paths/${escapePointer(key)}`, message: `Path "${key}" is not a valid template: ${why}`, code: 'path-template' });
    }
  }
  return errors;
}

function pathParameterNames(document: JsonObject, parameters: unknown): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(parameters)) return names;
  for (const entry of parameters) {
    const parameter = derefNode(document, entry).value;
    if (isObject(parameter) && own(parameter, 'in') === 'path' && typeof parameter.name === 'string') names.add(parameter.name);
  }
  return names;
}

/** Warnings for template parameters without a definition, and path parameters without a place. */
export function pathParameterWarnings(document: JsonObject): ProblemItem[] {
  const warnings: ProblemItem[] = [];
  for (const [key, value] of Object.entries(pathsOf(document) ?? {})) {
    if (key.startsWith('x-') || pathTemplateError(key) !== undefined) continue;
    const item = derefNode(document, value).value;
    if (!isObject(item)) continue;
    const inTemplate = new Set(templateParameters(key));
    const shared = pathParameterNames(document, own(item, 'parameters'));
    for (const method of HTTP_METHOD_FIELDS) {
      const operation = own(item, method);
      if (!isObject(operation)) continue;
      const declared = new Set([...shared, ...pathParameterNames(document, own(operation, 'parameters'))]);
      const location = `/paths/${escapePointer(key)}/${method}`;
      for (const name of inTemplate) {
        if (declared.has(name)) continue;
        const message = `Path parameter {${name}} of "${key}" has no \`in: path\` parameter definition`;
        warnings.push({ location, message, code: WARNING.undeclaredPathParameter });
      }
      for (const name of declared) {
        if (inTemplate.has(name)) continue;
        const message = `Parameter "${name}" is declared \`in: path\` but "${key}" has no {${name}}`;
        warnings.push({ location, message, code: WARNING.unusedPathParameter });
      }
    }
  }
  return warnings;
}
