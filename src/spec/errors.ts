/**
 * The spec loader's problem templates. Each fatal problem lists every violation of its kind in
 * `errors`, located by a JSON pointer into the document (and line/column for syntax errors).
 */
import { problemType } from '../problem/index';

export const SPEC_SYNTAX = problemType('spec-syntax', 'The spec is not valid JSON or YAML', 422);
export const NOT_A_SPEC = problemType('not-a-spec', 'The text is not an OpenAPI or Swagger document', 422);
export const UNSUPPORTED_VERSION = problemType('unsupported-version', 'The spec version is not supported', 422);
export const SPEC_STRUCTURE = problemType('spec-structure', 'The spec has a field of the wrong shape', 422);
export const INVALID_PATH_TEMPLATE = problemType('invalid-path-template', 'A path template is malformed', 422);
export const DANGLING_REF = problemType('dangling-ref', 'A $ref points to nothing', 422);
export const EXTERNAL_REF_UNREADABLE = problemType(
  'external-ref-unreadable',
  'A document referenced by $ref could not be read',
  422,
);
export const UPGRADE_FAILED = problemType('upgrade-failed', 'The spec could not be converted to OpenAPI 3.1', 422);

/** Warning codes (`ProblemItem.code` of `LoadedSpec.warnings`). */
export const WARNING = {
  duplicateOperationId: 'duplicate-operation-id',
  undeclaredPathParameter: 'undeclared-path-parameter',
  unusedPathParameter: 'unused-path-parameter',
  emptyObject: 'empty-object',
  newerVersion: 'newer-version',
  missingInfo: 'missing-info',
  invalidStatusCode: 'invalid-status-code',
  duplicateStatusCode: 'duplicate-status-code',
  schemaRepaired: 'schema-repaired',
  unknownField: 'unknown-field',
  nonStringRef: 'non-string-ref',
  danglingMapping: 'dangling-discriminator-mapping',
} as const;
