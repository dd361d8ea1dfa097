/**
 * src/spec — load any real-world API description into one normalised OpenAPI 3.1 document.
 *
 *   text ─ parseSpecText ─ detect version ─ bundle external $refs ─ check (shape, path
 *   templates, $refs) ─ upgrade to 3.1 ─ repair schemas and status keys ─ LoadedSpec
 *
 * Failures come back as RFC 9457 problems (templates in `errors.ts`) that list every violation
 * of their kind with a JSON pointer.
 */
export type { LoadedSpec, LoadOptions, SpecSource } from './types';
export type { ParsedText, SpecFormat } from './parse';
export type { SpecFamily, SpecVersion } from './version';
export type { RemoteRefs } from './ref-policy';

export { loadSpec } from './load';
export { refRefusal } from './ref-policy';
export { parseSpecText } from './parse';
export { detectVersion } from './version';
export { derefNode } from './refs';
export { FORM_NON_EMPTY } from './swagger2';
export { escapePointer, getByPointer, joinPointer } from './pointer';
export { pathTemplateOf, templateParameters } from './paths';
export {
  DANGLING_REF,
  EXTERNAL_REF_UNREADABLE,
  INVALID_PATH_TEMPLATE,
  NOT_A_SPEC,
  SPEC_STRUCTURE,
  SPEC_SYNTAX,
  UNSUPPORTED_VERSION,
  UPGRADE_FAILED,
  WARNING,
} from './errors';
