import fs from 'node:fs';
import YAML from 'yaml';
import { upgrade } from '@scalar/openapi-upgrader';
import { synthesize } from './src/synth/index';
import { validatorFor } from './src/synth/testing';
function rewrite(v: any): any { if (Array.isArray(v)) return v.map(rewrite); if (!v || typeof v !== 'object') return v; const o: any = {}; for (const [k, x] of Object.entries(v)) o[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/$defs/') : rewrite(x); return o; }
const N = Number(process.argv[2] ?? 20);
let total = 0, bad = 0; const slow: [number, string][] = [];
for (const f of fs.readdirSync('/work/shared/specs')) {
  if (!/\.(ya?ml|json)$/.test(f)) continue;
  const t = fs.readFileSync('/work/shared/specs/' + f, 'utf8');
  let doc: any = f.endsWith('.json') ? JSON.parse(t) : YAML.parse(t);
  if (!String(doc.openapi ?? '').startsWith('3.1')) doc = upgrade(doc, '3.1');
  const defs = rewrite(doc.components?.schemas ?? {});
  for (const name of Object.keys(defs)) {
    const schema = { $ref: `#/$defs/${name}` };
    const v = validatorFor(schema, defs);
    for (const mode of ['static', 'dynamic'] as const) for (let s = 0; s < N; s++) {
      const t0 = performance.now();
      const value = synthesize(schema, { seed: s * 7919 + 13, mode, defs, direction: s % 2 ? 'request' : 'response' });
      const dt = performance.now() - t0;
      slow.push([dt, `${f}#${name} ${mode} ${s} size=${JSON.stringify(value).length}`]);
      total++;
      const r = v(value);
      if (!r.valid) { bad++; if (bad < 15) console.log('BAD', f, name, mode, s, r.errors.slice(0, 4).join(' | '), JSON.stringify(value).slice(0, 400)); }
    }
  }
}
slow.sort((a, b) => b[0] - a[0]);
console.log('total', total, 'bad', bad);
console.log(slow.slice(0, 12).map(([d, s]) => d.toFixed(2) + 'ms ' + s).join('\n'));
const times = slow.map(x => x[0]).sort((a, b) => a - b);
console.log('median', times[Math.floor(times.length / 2)].toFixed(3), 'p90', times[Math.floor(times.length * 0.9)].toFixed(3), 'p99', times[Math.floor(times.length * 0.99)].toFixed(3));
