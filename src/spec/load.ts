/**
 * `loadSpec`: text → one normalised OpenAPI 3.1 document, or the problems that prevent it.
 * Checks run on the document as written (after bundling), so their pointers match the author's
 * text; conversion and repairs follow; a last reference check guards the converted document.
 */
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { fail, ok, type Problem, problem, type ProblemItem, type ProblemTemplate, type Result } from '../problem/index';
import { bundleExternalRefs } from './bundle';
import { MAX_SPEC_DEPTH, tooDeep } from './depth';
import { DANGLING_REF, EXTERNAL_REF_UNREADABLE, INVALID_PATH_TEMPLATE, NOT_A_SPEC, SPEC_STRUCTURE } from './errors';
import { isObject } from './json';
import { operationIdCollector, responseNormaliser } from './operations';
import { parseSpecText } from './parse';
import { checkPathTemplates, pathParameterWarnings } from './paths';
import { checkRefs, refChecker } from './refs';
import { schemaNormaliser } from './schemas';
import { structureChecker } from './structure';
import type { LoadedSpec, LoadOptions, SpecSource } from './types';
import { upgradeToOpenApi31 } from './upgrade';
import { detectVersion } from './version';
import { combineVisitors, walk } from './walk';

function summarise(template: ProblemTemplate, items: ProblemItem[], prefix = ''): Problem {
  const first = items[0];
  const lead = items.length === 1 ? '' : `${items.length} problems; the first: `;
  const where = first.location === '' ? '' : ` (at ${first.location})`;
  return problem(template, `${prefix}${lead}${first.message}${where}`, { errors: items });
}

/**
 * The first non-empty kind of fatal problem, in the order a reader should fix them; any other kinds
 * found ride along under `related`, so one run reports everything.
 */
function firstProblem(found: Array<[ProblemTemplate, ProblemItem[]]>): Problem | undefined {
  const problems = found.filter(([, items]) => items.length > 0).map(([template, items]) => summarise(template, items));
  const [first, ...rest] = problems;
  if (first === undefined) return undefined;
  return rest.length === 0 ? first : { ...first, related: rest };
}

/**
 * Loads a Swagger 2.0 / OpenAPI 3.0 / 3.1 spec from JSON or YAML text.
 * @example
 * const result = await loadSpec({ text, location: 'specs/petstore.yaml' }, { readText: (p) => fs.readFile(p, 'utf8') });
 * if (result.ok) compilePlan(result.value.document);
 */
export async function loadSpec(source: SpecSource, options: LoadOptions = {}): Promise<Result<LoadedSpec>> {
  const parsed = parseSpecText(source.text, source.location);
  if (!parsed.ok) return parsed;
  const { value, format } = parsed.value;
  const version = detectVersion(value);
  if (!version.ok) return version;
  if (!isObject(value)) return fail(problem(NOT_A_SPEC, 'The document is not an object'));
  const document = value;

  const bundled = await bundleExternalRefs(document, version.value.family, { location: source.location, readText: options.readText, remoteRefs: options.remoteRefs });
  const deep = tooDeep(document);
  if (deep !== undefined) {
    const message = `nests more than ${MAX_SPEC_DEPTH} levels deep; deeper documents are refused so no stage can run out of stack`;
    return fail(problem(SPEC_STRUCTURE, `The document ${message} (at ${deep})`, { errors: [{ location: deep, message }] }));
  }
  // One pass for the checks that read every node; shape first, as it may fill in empty fields.
  const structure = structureChecker(document, version.value.family);
  const refs = refChecker(document);
  const operationIds = operationIdCollector();
  walk(document, 'document', combineVisitors([structure.visitor, refs.visitor, operationIds.visitor]));
  // A reference inside a copied document that failed to resolve there is reported by the bundler;
  // the same `$ref` must not come back from the check against the root document.
  const bundledSites = new Set(bundled.dangling.map((item) => item.location));
  const dangling = [...bundled.dangling, ...refs.result.dangling.filter((item) => !bundledSites.has(item.location))];
  const fatal = firstProblem([
    [EXTERNAL_REF_UNREADABLE, bundled.unreadable],
    [SPEC_STRUCTURE, structure.result.errors],
    [INVALID_PATH_TEMPLATE, checkPathTemplates(document)],
    [DANGLING_REF, dangling],
  ]);
  if (fatal) return fail(fatal);
  const warnings: ProblemItem[] = [
    ...structure.result.warnings,
    ...refs.result.warnings,
    ...pathParameterWarnings(document),
    ...operationIds.warnings(),
  ];

  const upgraded = upgradeToOpenApi31(document, version.value);
  if (!upgraded.ok) return upgraded;
  const result = upgraded.value.document;
  warnings.push(...upgraded.value.warnings);
  walk(result, 'document', combineVisitors([schemaNormaliser(warnings), responseNormaliser(warnings)]));
  if (!isObject(result.paths)) result.paths = {}; // webhooks-only documents: zero operations, not an error

  const after = checkRefs(result);
  if (after.dangling.length > 0) {
    return fail(summarise(DANGLING_REF, after.dangling, 'After conversion to OpenAPI 3.1: '));
  }
  return ok({
    // SAFETY: the document passed the shape checks above and was converted to 3.1; the fields
    // `OpenAPIObject` requires (`info`) may still be absent, which `warnings` reports.
    document: result as unknown as OpenAPIObject,
    sourceVersion: version.value.declared,
    sourceFormat: format,
    warnings,
  });
}
