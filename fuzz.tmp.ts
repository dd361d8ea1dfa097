import { createRandom, synthesize } from './src/synth/index';
import { validatorFor } from './src/synth/testing';
type R = ReturnType<typeof createRandom>;
const FORMATS = ['date-time', 'date', 'time', 'uuid', 'email', 'uri', 'hostname', 'ipv4', 'ipv6', 'byte', 'duration', 'uri-reference', 'password', 'x-custom'];
const PATTERNS = ['^[a-z]{2,6}$', '^\\d{3}-\\d{2}$', '[A-Z]', '^(foo|bar)[0-9]*$', '^\\w+@\\w+\\.com$', '^[^\\s]{3,}$'];
const NAMES = ['id', 'name', 'email', 'createdAt', 'price', 'tags', 'status', 'city', 'data', 'x', 'items', 'count', 'url', 'description'];
function gen(r: R, depth: number, defs: Record<string, any>): any {
  const k = depth > 3 ? r.int(0, 3) : r.int(0, 17);
  switch (k) {
    case 0: { const s: any = { type: 'string' }; const f = r.int(0, 3);
      if (f === 0) s.format = r.pick(FORMATS); else if (f === 1) s.pattern = r.pick(PATTERNS); else if (f === 2) { s.minLength = r.int(0, 10); s.maxLength = s.minLength + r.int(0, 20); }
      if (r.bool(0.2)) s.type = ['string', 'null']; return s; }
    case 1: { const s: any = { type: r.pick(['integer', 'number']) }; if (r.bool()) s.minimum = r.int(-100, 100); if (r.bool()) s.maximum = (s.minimum ?? -50) + r.int(30, 200);
      if (r.bool(0.3)) s.multipleOf = r.pick([0.01, 0.5, 3, 10]); if (r.bool(0.2)) { s.exclusiveMinimum = s.minimum; delete s.minimum; } return s; }
    case 2: return r.bool() ? { enum: r.shuffle(['a', 'b', 1, null, true, { x: 1 }]).slice(0, r.int(1, 4)) } : { const: r.pick(['k', 2, false, [1]]) };
    case 3: return r.pick([{ type: 'boolean' }, { type: 'null' }, {}, true, { format: 'date' }]);
    case 4: case 5: { const props: any = {}; const n = r.int(0, 5); for (let i = 0; i < n; i++) props[r.pick(NAMES) + (r.bool(0.3) ? i : '')] = gen(r, depth + 1, defs);
      const keys = Object.keys(props); const s: any = { type: 'object', properties: props, required: keys.filter(() => r.bool(0.4)) };
      const a = r.int(0, 3); if (a === 0) s.additionalProperties = false; else if (a === 1) s.additionalProperties = gen(r, depth + 2, defs);
      if (r.bool(0.2)) s.minProperties = Math.min(keys.length, r.int(0, 3)) + (s.additionalProperties === false ? 0 : r.int(0, 2));
      if (r.bool(0.15)) { s.maxProperties = Math.max(s.required.length, s.minProperties ?? 0) + r.int(0, 2); }
      if (r.bool(0.15)) s.patternProperties = { '^x-[a-z]+$': { type: 'string' } };
      if (r.bool(0.1) && keys.length > 1) s.dependentRequired = { [keys[0]]: [keys[1]] };
      if (r.bool(0.15)) { for (const key of keys) if (typeof props[key] === "object" && r.bool(0.3)) props[key].readOnly = true; }
      return s; }
    case 6: { const s: any = { type: 'array', items: gen(r, depth + 1, defs) }; if (r.bool()) s.minItems = r.int(0, 3); if (r.bool()) s.maxItems = (s.minItems ?? 0) + r.int(0, 4);
      if (r.bool(0.2)) s.uniqueItems = true; if (r.bool(0.1)) { s.prefixItems = [gen(r, depth + 2, defs)]; } return s; }
    case 7: { // allOf of object pieces with disjoint props
      const a = gen(r, depth + 1, defs), b = gen(r, depth + 1, defs);
      return { allOf: [{ type: 'object', properties: { p1: a }, required: r.bool() ? ['p1'] : [] }, { properties: { p2: b } }] }; }
    case 8: { // oneOf of distinct types
      const types = r.shuffle(['string', 'integer', 'boolean', 'object', 'array', 'null']).slice(0, r.int(2, 3));
      return { oneOf: types.map(t => t === 'object' ? { type: 'object', properties: { o: gen(r, depth + 2, defs) } } : t === 'array' ? { type: 'array', items: gen(r, depth + 2, defs) } : { type: t }) }; }
    case 9: return { anyOf: [gen(r, depth + 1, defs), gen(r, depth + 1, defs)] };
    case 10: { const name = 'D' + Object.keys(defs).length; defs[name] = { type: 'object', properties: { self: { $ref: '#/$defs/' + name }, v: gen(r, depth + 2, defs), list: { type: 'array', items: { $ref: '#/$defs/' + name } } } }; return { $ref: '#/$defs/' + name, description: 'ref' }; }
    case 11: { // oneOf with overlapping object branches
      return { oneOf: [{ type: 'object', properties: { a: { type: 'string' }, c: gen(r, depth + 2, defs) } }, { type: 'object', properties: { b: { type: 'integer' } } }] }; }
    case 12: return { type: 'object', properties: { kind: { enum: ['x', 'y'] }, v: gen(r, depth + 1, defs) }, required: ['kind'], if: { properties: { kind: { const: 'x' } } }, then: { required: ['v'] }, else: { properties: { w: { type: 'string', minLength: 3 } }, required: ['w'] } };
    case 13: { const s = gen(r, depth + 1, defs); return r.bool() ? { allOf: [s], not: { type: 'null' } } : { type: 'string', not: { pattern: '^l' } }; }
    case 14: return { type: 'array', items: { type: 'integer', minimum: 0, maximum: 50 }, contains: { type: 'integer', minimum: 40 }, minContains: r.int(1, 2), maxContains: r.int(2, 3), uniqueItems: r.bool() };
    case 15: return { type: 'object', propertyNames: r.pick([{ pattern: '^[a-z]{3,8}$' }, { maxLength: 5 }, { enum: ['aa', 'bb', 'cc'] }]), additionalProperties: gen(r, depth + 2, defs), minProperties: r.int(0, 2) };
    case 16: { const n = Object.keys(defs).length; const b1 = 'B' + n + 'a', b2 = 'B' + n + 'b', base = 'B' + n;
      defs[base] = { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, shared: gen(r, depth + 2, defs) } };
      defs[b1] = { allOf: [{ $ref: '#/$defs/' + base }, { type: 'object', properties: { one: gen(r, depth + 2, defs) } }] };
      defs[b2] = { allOf: [{ $ref: '#/$defs/' + base }, { type: 'object', properties: { two: { type: 'integer' } } }] };
      const mapping = r.bool() ? { mapping: { first: '#/$defs/' + b1, second: '#/$defs/' + b2 } } : {};
      return { oneOf: [{ $ref: '#/$defs/' + b1 }, { $ref: '#/$defs/' + b2 }], discriminator: { propertyName: 'kind', ...mapping } }; }
    case 17: { const a = gen(r, depth + 1, defs); return { allOf: [{ type: 'object', properties: { a }, additionalProperties: false }, { type: 'object', properties: { a: r.bool() ? a : {}, b: { type: 'string' } }, required: r.bool() ? ['a'] : [] }] }; }
  }
}
let bad = 0, total = 0;
const N = Number(process.argv[2] ?? 2000);
for (let i = 0; i < N; i++) {
  const r = createRandom('fuzz' + i); const defs: any = {};
  const schema = gen(r, 0, defs);
  const v = validatorFor(schema, defs);
  for (const mode of ['static', 'dynamic'] as const) for (const seed of [1, 2, 3]) {
    total++;
    let value;
    try { value = synthesize(schema, { seed, mode, defs, direction: seed === 2 ? 'request' : 'response' }); } catch (e) { bad++; console.log('THROW', i, (e as Error).stack?.slice(0, 300)); continue; }
    const res = v(value);
    if (!res.valid) { bad++; console.log('BAD', i, mode, seed, res.errors.slice(-2).join(' | ').slice(0, 300)); }
  }
}
console.log('total', total, 'bad', bad);
if (process.env.SHOW) { const i = Number(process.env.SHOW); const r = createRandom('fuzz' + i); const defs: any = {}; const schema = gen(r, 0, defs);
  const top = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, '…'])) };
  console.log(JSON.stringify(top)); console.log(JSON.stringify(Object.keys(synthesize(schema, { seed: 1, defs }) as any))); }
if (process.env.FULL) { const i = Number(process.env.FULL); const r = createRandom('fuzz' + i); const defs: any = {}; const schema = gen(r, 0, defs);
  console.log(JSON.stringify(schema)); console.log(JSON.stringify(defs).slice(0, 1500)); console.log(JSON.stringify(synthesize(schema, { seed: 1, defs }))); }
