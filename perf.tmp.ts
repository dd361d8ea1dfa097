import fs from 'node:fs';
import YAML from 'yaml';
import { upgrade } from '@scalar/openapi-upgrader';
import { synthesize } from './src/synth/index';
function rewrite(v: any): any { if (Array.isArray(v)) return v.map(rewrite); if (!v || typeof v !== 'object') return v; const o: any = {}; for (const [k, x] of Object.entries(v)) o[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/$defs/') : rewrite(x); return o; }
function load(f: string) { const t = fs.readFileSync('/work/shared/specs/' + f, 'utf8'); let doc: any = f.endsWith('.json') ? JSON.parse(t) : YAML.parse(t); if (!String(doc.openapi ?? '').startsWith('3.1')) doc = upgrade(doc, '3.1'); return rewrite(doc.components?.schemas ?? {}); }
const adyen = load('adyen-BalancePlatformService-v2.yaml');
const box = load('apisguru-box.com-2.0-openapi.yaml');
const pet = load('petstore-v3.yaml');
const cases: [string, any][] = [['adyen', 'AccountHolderUpdateRequest'], ['adyen', 'AccountHolder'], ['adyen', 'AULocalAccountIdentification'], ['box', 'SkillInvocation'], ['box', 'File'], ['box', 'AccessToken'], ['pet', 'Pet'], ['pet', 'Order']];
const defsOf: any = { adyen, box, pet };
for (const [d, name] of cases) for (const mode of ['static', 'dynamic'] as const) {
  const defs = defsOf[d];
  for (let i = 0; i < 20; i++) synthesize({ $ref: '#/$defs/' + name }, { seed: i, mode, defs });
  const t0 = performance.now(); const n = 200;
  let size = 0;
  for (let i = 0; i < n; i++) size += JSON.stringify(synthesize({ $ref: '#/$defs/' + name }, { seed: i, mode, defs })).length;
  console.log(d, name, mode, ((performance.now() - t0) / n).toFixed(3), 'ms avg, avg size', Math.round(size / n));
}
// a typical 20-property object
const obj: any = { type: 'object', required: ['id', 'email'], properties: {} };
const kinds = [{ type: 'string' }, { type: 'string', format: 'email' }, { type: 'integer', minimum: 0 }, { type: 'number' }, { type: 'boolean' }, { type: 'string', format: 'date-time' }, { type: 'string', enum: ['a', 'b', 'c'] }, { type: 'array', items: { type: 'string' } }, { type: 'string', format: 'uuid' }, { type: 'string', maxLength: 20 }];
['id', 'email', 'name', 'age', 'price', 'active', 'createdAt', 'status', 'tags', 'uuid', 'title', 'description', 'city', 'country', 'phone', 'zip', 'count', 'score', 'website', 'note'].forEach((k, i) => obj.properties[k] = kinds[i % kinds.length]);
for (const mode of ['static', 'dynamic'] as const) {
  for (let i = 0; i < 200; i++) synthesize(obj, { seed: i, mode });
  const t0 = performance.now(); const n = 2000;
  for (let i = 0; i < n; i++) synthesize(obj, { seed: i, mode });
  console.log('20-prop object', mode, ((performance.now() - t0) / n * 1000).toFixed(1), 'µs');
}
console.log(JSON.stringify(synthesize(obj, { seed: 1 })));
console.log(JSON.stringify(synthesize(obj, { seed: 1, mode: 'dynamic' })));
