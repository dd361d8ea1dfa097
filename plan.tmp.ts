import fs from 'node:fs';
import { loadSpec } from './src/spec/index';
import { compilePlan } from './src/plan/index';
import { synthesize } from './src/synth/index';
import { validatorFor } from './src/synth/testing';
let total = 0, bad = 0, schemasCount = 0;
for (const f of fs.readdirSync('/work/shared/specs').concat(fs.existsSync('examples') ? fs.readdirSync('examples').map(x => '../../../work/main/examples/' + x) : [])) {
  if (!/\.(ya?ml|json)$/.test(f)) continue;
  const path = f.startsWith('../') ? 'examples/' + f.split('/').pop() : '/work/shared/specs/' + f;
  const loaded = await loadSpec({ text: fs.readFileSync(path, 'utf8'), location: path });
  if (!loaded.ok) { console.log('load fail', f, loaded.problem.detail); continue; }
  let plan; try { plan = compilePlan(loaded.value); } catch (e) { console.log("compile fail", f, String(e).slice(0, 120)); continue; }
  const defs = plan.schemas as any;
  const targets: [string, any, 'response' | 'request'][] = [];
  for (const op of plan.operations) {
    for (const r of op.responses) for (const m of r.contents) if (m.schema !== undefined) targets.push([`${op.id} ${r.status} ${m.mediaType}`, m.schema, 'response']);
    for (const m of op.requestBody?.contents ?? []) if (m.schema !== undefined) targets.push([`${op.id} body ${m.mediaType}`, m.schema, 'request']);
    for (const p of op.parameters) targets.push([`${op.id} param ${p.name}`, p.schema, 'request']);
  }
  for (const name of Object.keys(defs)) targets.push([`def ${name}`, { $ref: '#/$defs/' + name }, 'response']);
  schemasCount += targets.length;
  for (const [label, schema, direction] of targets) {
    let v; try { v = validatorFor(schema, defs); } catch { const strip = (x: any): any => Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'example').map(([k, y]) => [k, strip(y)])) : x; v = validatorFor(strip(schema), strip(defs)); }
    for (const mode of ['static', 'dynamic'] as const) for (const seed of [1, 2, 3, 4]) {
      total++;
      const value = synthesize(schema, { seed, mode, defs, direction });
      const r = v(value);
      if (!r.valid) { bad++; if (bad < 20) console.log('BAD', f, label, mode, seed, r.errors.slice(-2).join(' | ').slice(0, 300), JSON.stringify(value).slice(0, 200)); }
    }
  }
  console.log(f, targets.length, 'schemas');
}
console.log('total', total, 'bad', bad, 'schemas', schemasCount);
