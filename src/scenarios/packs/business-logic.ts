/** Business logic: empty lists, edge values, stateful CRUD, alternative examples, fresh data, deprecations. */
import type { PlanOperation } from '../../plan';
import { findCollections } from '../../plan/analyze/collections';
import { isJsonMedia } from '../../plan/analyze/common';
import { listResponseOf } from '../../plan/analyze/paging';
import { edgeValues, emptyList } from './bodies';
import { label, noOperations, successOrDefault, targetEach } from './targets';
import type { ScenarioPack } from './types';

const SUNSET_DAYS = 90;
/** Edge-value bodies are literal: this many keeps a scenario small enough to read and deploy. */
const MAX_EDGE_OPERATIONS = 20;

function jsonSchemaOf(op: PlanOperation) {
  return successOrDefault(op)?.contents.find((m) => isJsonMedia(m.mediaType) && m.schema !== undefined)?.schema;
}

export const emptyCollections: ScenarioPack = {
  uri: 'scenario-pack://business-logic/empty-collections',
  category: 'business-logic',
  slug: 'empty-collections',
  title: 'Empty collections',
  description: 'Every list answers an empty page: `[]`, or its wrapper with the array empty, the total 0 and no next page, checked against the declared schema. Checks empty states, "no results" text and paging that stops.',
  targeting: 'GET operations whose usual response is a JSON list (a bare array, or an object holding the page)',
  draft: ({ plan, operations, seed }) => {
    const skipped: string[] = [];
    return targetEach(
      operations,
      (op) => {
        const shape = listResponseOf(op, plan.schemas);
        const schema = jsonSchemaOf(op);
        if (!shape || schema === undefined) return null;
        const body = emptyList(schema, plan.schemas, shape, seed);
        if (body === null) {
          skipped.push(label(op));
          return null;
        }
        return { rule: { new_response: body as never }, why: shape.shape === 'array' ? 'lists a bare array' : `lists in \`${shape.arrayProperty}\`` };
      },
      noOperations(operations) ?? `No targeted GET operation answers a JSON list whose schema allows it to be empty${skipped.length > 0 ? ` (${skipped.join(', ')} require items)` : ''}.`,
      skipped.length > 0 ? [`Left alone (their schema requires at least one item): ${skipped.join(', ')}.`] : [],
    );
  },
};

export const edgeValuesPack: ScenarioPack = {
  uri: 'scenario-pack://business-logic/edge-values',
  category: 'business-logic',
  slug: 'edge-values',
  title: 'Edge values',
  description:
    'GET operations answer one fixed body with values at the edges of their schema: strings at their maxLength or full of Unicode, emoji, markup and a right-to-left mark, numbers at their maximum (or the largest safe integer), enums at their last member. Every body still validates against the declared schema. Checks layout, truncation, escaping and number handling.',
  targeting: 'GET operations whose usual response is JSON',
  draft: ({ plan, operations, seed }) => {
    const candidates = operations.filter((op) => op.method === 'get' && jsonSchemaOf(op) !== undefined);
    const notes = candidates.length > MAX_EDGE_OPERATIONS ? [`Only the first ${MAX_EDGE_OPERATIONS} of ${candidates.length} JSON GET operations get edge values (narrow with tags or operations for the others).`] : [];
    return targetEach(
      candidates.slice(0, MAX_EDGE_OPERATIONS),
      (op) => {
        const body = edgeValues(jsonSchemaOf(op)!, plan.schemas, seed);
        return body === null ? null : { rule: { new_response: body as never }, why: 'JSON body with edge values' };
      },
      noOperations(operations) ?? 'No targeted GET operation sends a JSON body (within 4,000 characters) with strings, numbers or enums to push to their edges.',
      notes,
    );
  },
};

export const crudFlow: ScenarioPack = {
  uri: 'scenario-pack://business-logic/crud-flow',
  category: 'business-logic',
  slug: 'crud-flow',
  title: 'Stateful CRUD',
  description:
    'Turns stateful CRUD on: what a client creates (POST on a collection) it can read back, list, replace, update and delete through the item path, and a deleted item answers 404. Records live per test session (X-Test-Session) or globally. Checks create-then-read flows end to end.',
  targeting: 'collections: a path `/x` with an item path `/x/{id}`',
  draft: ({ plan, operations }) => {
    const collections = findCollections(plan).filter((c) => operations.some((op) => op.path === c.path || op.path === c.itemPath));
    if (collections.length === 0) {
      return { ok: false, reason: noOperations(operations) ?? 'No targeted path is a collection: no `/x` has an item path `/x/{id}` beside it, so there is nothing to create and read back.' };
    }
    const paths = new Set(collections.flatMap((c) => [c.path, c.itemPath]));
    const itemPaths = new Set(collections.map((c) => c.itemPath));
    return {
      ok: true,
      stateful: true,
      // Stateful CRUD needs no rule: the scenario switches it on, and the targets say what it affects.
      targets: operations.filter((op) => paths.has(op.path)).map((operation) => ({ operation, why: itemPaths.has(operation.path) ? 'item of a collection' : 'collection' })),
      notes: [
        `Collections: ${collections.map((c) => `${c.path} (${c.collectionMethods.join('/')}) + ${c.itemPath} (${c.itemMethods.join('/')})`).join('; ')}.`,
        'Records are kept for items that are JSON objects; other operations answer as usual.',
      ],
    };
  },
};

export const namedExamples: ScenarioPack = {
  uri: 'scenario-pack://business-logic/alternate-examples',
  category: 'business-logic',
  slug: 'alternate-examples',
  title: 'The other examples',
  description: 'Operations whose usual response has more than one named example answer the last one instead of the first, so a client sees every case the spec authors wrote down (e.g. an order for delivery instead of pickup).',
  targeting: 'operations whose usual response has two or more named examples',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => {
        const names = [...new Set(successOrDefault(op)?.contents.flatMap((m) => m.examples.map((e) => e.name)) ?? [])];
        return names.length > 1 ? { rule: { example: names[names.length - 1] }, why: `example "${names[names.length - 1]}" of ${names.length}` } : null;
      },
      noOperations(operations) ?? 'No targeted operation has two or more named examples in its usual response.',
    ),
};

export const dynamicData: ScenarioPack = {
  uri: 'scenario-pack://business-logic/dynamic-data',
  category: 'business-logic',
  slug: 'dynamic-data',
  title: 'Fresh data every call',
  description: 'Operations that send JSON answer freshly synthesised data on every call instead of their examples (valid against the schema, different each time). Checks that a client does not depend on fixed sample data.',
  targeting: 'operations whose usual response is JSON',
  draft: ({ operations }) =>
    targetEach(
      operations,
      (op) => (jsonSchemaOf(op) !== undefined ? { rule: { dynamic: true }, why: 'sends JSON' } : null),
      noOperations(operations) ?? 'No targeted operation sends JSON with a schema in its usual response.',
    ),
};

export const deprecations: ScenarioPack = {
  uri: 'scenario-pack://business-logic/deprecations',
  category: 'business-logic',
  slug: 'deprecations',
  title: 'Deprecation and sunset headers',
  description:
    'Operations the spec marks deprecated answer as usual with a `Deprecation` header (RFC 9745, dated when the scenario was made) and a `Sunset` date 90 days later (RFC 8594). Checks that a client notices and reports what it still calls.',
  targeting: 'operations marked `deprecated: true`',
  draft: ({ operations, now }) => {
    const headers = { Deprecation: `@${Math.floor(now.getTime() / 1000)}`, Sunset: new Date(now.getTime() + SUNSET_DAYS * 86_400_000).toUTCString() };
    return targetEach(
      operations,
      (op) => (op.deprecated ? { rule: { headers }, why: 'deprecated' } : null),
      noOperations(operations) ?? 'No targeted operation is marked deprecated.',
    );
  },
};

export const BUSINESS_LOGIC_PACKS = [emptyCollections, edgeValuesPack, crudFlow, namedExamples, dynamicData, deprecations];
