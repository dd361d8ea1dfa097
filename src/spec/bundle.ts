/**
 * Bundling: every external `$ref` (`other.yaml#/Pet`, `./schemas/pet.json`) is read through the
 * caller's `readText`, copied into the root document where its kind lives (`components/schemas`,
 * or `definitions` in Swagger 2.0) under a unique name, and the reference rewritten to point there.
 * A target is copied once however often it is referenced, and is registered before its own
 * references are followed, so cycles between files end.
 */
import type { ProblemItem } from '../problem/index';
import type { NodeKind } from './grammar';
import { isObject, type JsonObject, own, setOwn } from './json';
import { normaliseLocation, resolveLocation, splitRef } from './location';
import { parseSpecText } from './parse';
import { type RemoteRefs, refRefusal } from './ref-policy';
import { escapePointer, joinPointer, resolvePointer } from './pointer';
import type { SpecFamily } from './version';
import { type Frame, pointerOf, walk } from './walk';

/** Guards against a reference graph that keeps producing new documents (generated URLs). */
const MAX_DOCUMENTS = 500;

const HOMES_3: Partial<Record<NodeKind, string>> = {
  schema: 'schemas',
  parameter: 'parameters',
  requestBody: 'requestBodies',
  response: 'responses',
  header: 'headers',
  example: 'examples',
  link: 'links',
  callback: 'callbacks',
  securityScheme: 'securitySchemes',
  pathItem: 'pathItems',
};
/** Swagger 2.0 has homes for three kinds; anything else is copied in place of its reference. */
const HOMES_2: Partial<Record<NodeKind, string>> = { schema: 'definitions', parameter: 'parameters', response: 'responses' };

export interface BundleOptions {
  location?: string;
  readText?: (location: string) => Promise<string>;
  /** What a document fetched from a URL may reference (see ref-policy.ts); default `same-origin`. */
  remoteRefs?: RemoteRefs;
}

export interface BundleOutcome {
  unreadable: ProblemItem[];
  dangling: ProblemItem[];
  /** How many other documents were read. */
  documentsRead: number;
}

type Loaded = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

const REFUSED: Promise<Loaded> = Promise.resolve({ ok: false, message: 'refused' });

interface Site {
  frame: Frame;
  kind: NodeKind;
  ref: string;
  /** The document whose text holds this reference: relative references resolve against it. */
  docKey: string;
  location: string;
  set(ref: string): void;
  /** Targets being copied in place around this site, to refuse copying a target into itself. */
  inlineChain: ReadonlySet<string>;
}

interface Work {
  root: JsonObject;
  kind: NodeKind;
  docKey: string;
  basePointer: string;
  inlineChain: ReadonlySet<string>;
  /** Fields of `root` that belong to the referencing document and were walked there already. */
  hidden?: readonly string[];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nameFor(docKey: string, segments: readonly string[]): string {
  const stem = (docKey.split(/[/\\]/).at(-1) ?? '').replace(/\.(ya?ml|json)$/i, '');
  const last = segments.at(-1);
  const raw = last === undefined ? stem : /^\d+$/.test(last) ? `${stem}_${last}` : last;
  const clean = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return clean === '' ? 'external' : clean;
}

/** A bare schema name in a discriminator mapping is not a reference to follow. */
function isBareName(value: string): boolean {
  return /^[\w.-]+$/.test(value) && !/\.(ya?ml|json)$/i.test(value);
}

/**
 * Bundles the external references of `document` in place.
 * @example await bundleExternalRefs(doc, '3.0', { location: '/specs/api.yaml', readText })
 */
export async function bundleExternalRefs(document: JsonObject, family: SpecFamily, options: BundleOptions): Promise<BundleOutcome> {
  const rootKey = normaliseLocation(options.location ?? '');
  const documents = new Map<string, Promise<Loaded>>([[rootKey, Promise.resolve({ ok: true, value: document })]]);
  const placed = new Map<string, string>();
  const usedNames = new Map<string, Set<string>>();
  const unreadable: ProblemItem[] = [];
  const dangling: ProblemItem[] = [];
  const homes = family === '2.0' ? HOMES_2 : HOMES_3;

  const load = (key: string): Promise<Loaded> => {
    let pending = documents.get(key);
    if (pending === undefined) {
      pending = readDocument(key, options.readText, documents.size > MAX_DOCUMENTS);
      documents.set(key, pending);
    }
    return pending;
  };

  /** The map a kind is bundled into, created on first use; `undefined` when the kind is copied in place. */
  const homeOf = (kind: NodeKind): { map: JsonObject; pointer: string; names: Set<string> } | undefined => {
    const field = homes[kind];
    if (field === undefined) return undefined;
    let parent: JsonObject = document;
    let parentPointer = '';
    if (family !== '2.0') {
      if (!Object.hasOwn(document, 'components')) document.components = {};
      const components = document.components;
      if (!isObject(components)) return undefined;
      parent = components;
      parentPointer = '/components';
    }
    if (!Object.hasOwn(parent, field)) parent[field] = {};
    const map = parent[field];
    if (!isObject(map)) return undefined;
    const pointer = `${parentPointer}/${field}`;
    let names = usedNames.get(pointer);
    if (names === undefined) {
      names = new Set(Object.keys(map));
      usedNames.set(pointer, names);
    }
    return { map, pointer, names };
  };

  const collect = (work: Work, sites: Site[]): void => {
    const external = (ref: string): boolean => work.docKey !== rootKey || !ref.startsWith('#');
    // Taken out for the (synchronous) walk and put back after it, at the end.
    const hidden = (work.hidden ?? []).filter((field) => Object.hasOwn(work.root, field)).map((field) => [field, work.root[field]] as const);
    for (const [field] of hidden) delete work.root[field];
    walk(
      work.root,
      work.kind,
      {
        ref(frame, ref) {
          if (!external(ref)) return;
          const location = `${pointerOf(frame)}/$ref`;
          const set = (next: string) => {
            frame.node.$ref = next;
          };
          sites.push({ frame, kind: frame.kind, ref, docKey: work.docKey, location, set, inlineChain: work.inlineChain });
        },
        enter(frame) {
          if (frame.kind !== 'schema') return;
          const discriminator = own(frame.node, 'discriminator');
          const mapping = isObject(discriminator) ? own(discriminator, 'mapping') : undefined;
          if (!isObject(mapping)) return;
          for (const [value, target] of Object.entries(mapping)) {
            if (typeof target !== 'string' || isBareName(target) || !external(target)) continue;
            const location = `${pointerOf(frame)}/discriminator/mapping/${escapePointer(value)}`;
            const set = (next: string) => {
              setOwn(mapping, value, next);
            };
            sites.push({ frame, kind: 'schema', ref: target, docKey: work.docKey, location, set, inlineChain: work.inlineChain });
          }
        },
      },
      work.basePointer,
    );
    for (const [field, value] of hidden) setOwn(work.root, field, value);
  };

  let queue: Work[] = [{ root: document, kind: 'document', docKey: rootKey, basePointer: '', inlineChain: new Set() }];
  while (queue.length > 0) {
    const sites: Site[] = [];
    for (const work of queue) collect(work, sites);
    queue = [];
    const targets = sites.map((site) => {
      const { document: part, fragment } = splitRef(site.ref);
      const docKey = part === '' ? site.docKey : resolveLocation(part, site.docKey || undefined);
      const refused = docKey === rootKey || docKey === site.docKey ? undefined : refRefusal(docKey, site.docKey, options.remoteRefs);
      return { docKey, fragment, refused };
    });
    // A refused target is never read, so a hostile document cannot make the reader touch it.
    const loaded = await Promise.all(targets.map((target) => (target.refused === undefined ? load(target.docKey) : REFUSED)));
    sites.forEach((site, index) => {
      const target = targets[index];
      const source = loaded[index];
      if (target.docKey === rootKey) {
        site.set(target.fragment === '' ? '#' : target.fragment);
        return;
      }
      if (target.refused !== undefined) {
        unreadable.push({ location: site.location, message: `$ref "${site.ref}" is refused: ${target.refused}`, code: 'external-ref-refused' });
        return;
      }
      if (!source.ok) {
        const where = source.line === undefined ? {} : { line: source.line, column: source.column };
        unreadable.push({ location: site.location, message: `$ref "${site.ref}": ${source.message}`, code: 'external-ref-unreadable', ...where });
        return;
      }
      const resolved = resolvePointer(source.value, target.fragment === '' ? '#' : target.fragment);
      if (resolved === undefined) {
        const message = `$ref "${site.ref}" points to nothing in ${target.docKey}`;
        dangling.push({ location: site.location, message, code: 'dangling-ref' });
        return;
      }
      const key = `${target.docKey}#${joinPointer(resolved.segments)}`;
      const existing = placed.get(key);
      if (existing !== undefined) {
        site.set(existing);
        return;
      }
      const home = homeOf(site.kind);
      if (home !== undefined) {
        let name = nameFor(target.docKey, resolved.segments);
        for (let n = 2; home.names.has(name); n += 1) name = `${nameFor(target.docKey, resolved.segments)}_${n}`;
        home.names.add(name);
        const copy = structuredClone(resolved.value);
        home.map[name] = copy;
        const ref = `#${home.pointer}/${escapePointer(name)}`;
        placed.set(key, ref);
        site.set(ref);
        if (isObject(copy)) {
          queue.push({ root: copy, kind: site.kind, docKey: target.docKey, basePointer: `${home.pointer}/${escapePointer(name)}`, inlineChain: new Set() });
        }
        return;
      }
      // No home for this kind (Swagger 2.0 path items, headers): copy the target over the reference.
      if (site.inlineChain.has(key) || !isObject(resolved.value)) {
        const why = isObject(resolved.value) ? 'it refers back to itself' : 'it is not an object';
        unreadable.push({ location: site.location, message: `$ref "${site.ref}" cannot be copied in place: ${why}`, code: 'external-ref-unreadable' });
        return;
      }
      const node = site.frame.node;
      delete node.$ref;
      const hidden = Object.keys(node); // siblings of the reference win over the copied fields
      for (const [field, value] of Object.entries(structuredClone(resolved.value))) {
        if (!Object.hasOwn(node, field)) setOwn(node, field, value);
      }
      const chain = new Set(site.inlineChain).add(key);
      queue.push({ root: node, kind: site.kind, docKey: target.docKey, basePointer: pointerOf(site.frame), inlineChain: chain, hidden });
    });
  }
  return { unreadable, dangling, documentsRead: documents.size - 1 };
}

async function readDocument(
  key: string,
  readText: BundleOptions['readText'],
  tooMany: boolean,
): Promise<Loaded> {
  if (readText === undefined) {
    return { ok: false, message: `it names another document (${key}), and no reader for other documents was given` };
  }
  if (tooMany) return { ok: false, message: `more than ${MAX_DOCUMENTS} documents are referenced` };
  let text: string;
  try {
    text = await readText(key);
  } catch (error) {
    return { ok: false, message: `could not read ${key}: ${errorMessage(error)}` };
  }
  const parsed = parseSpecText(text, key);
  if (!parsed.ok) {
    const first = parsed.problem.errors?.[0];
    const where = first?.line === undefined ? {} : { line: first.line, column: first.column };
    return { ok: false, message: parsed.problem.detail ?? parsed.problem.title, ...where };
  }
  return { ok: true, value: parsed.value.value };
}
