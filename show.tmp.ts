import fs from 'node:fs';
import YAML from 'yaml';
import { upgrade } from '@scalar/openapi-upgrader';
import { synthesize } from './src/synth/index';
function rewrite(v: any): any { if (Array.isArray(v)) return v.map(rewrite); if (!v || typeof v !== 'object') return v; const o: any = {}; for (const [k, x] of Object.entries(v)) o[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/$defs/') : rewrite(x); return o; }
function load(f: string) { const t = fs.readFileSync('/work/shared/specs/' + f, 'utf8'); let doc: any = f.endsWith('.json') ? JSON.parse(t) : YAML.parse(t); if (!String(doc.openapi ?? '').startsWith('3.1')) doc = upgrade(doc, '3.1'); return rewrite(doc.components?.schemas ?? {}); }
const [file, ...names] = process.argv.slice(2);
const defs = load(file);
for (const name of names.length ? names : Object.keys(defs)) {
  if (process.env.SCHEMA) console.log(JSON.stringify(defs[name]));
  for (const mode of ['static', 'dynamic'] as const) console.log(name, mode, JSON.stringify(synthesize({ $ref: '#/$defs/' + name }, { seed: 5, mode, defs })));
}
