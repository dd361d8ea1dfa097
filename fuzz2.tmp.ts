import { createRandom, synthesize } from './src/synth/index';
import { validatorFor } from './src/synth/testing';
type R = ReturnType<typeof createRandom>;
function str(r: R): any { const s: any = { type: 'string' }; const k = r.int(0, 4);
  if (k === 0) s.format = r.pick(['date', 'email', 'uuid', 'date-time']); if (k === 1) s.maxLength = r.int(1, 6); if (k === 2) s.minLength = r.int(3, 12); if (k === 3) s.pattern = r.pick(['^a', '^[0-9]+$', 'x']); if (k === 4) s.enum = ['x', 'y', 'lorem ipsum'].slice(0, r.int(1, 3)); return s; }
function num(r: R): any { const s: any = { type: r.pick(['integer', 'number']) }; if (r.bool()) s.minimum = r.int(-10, 10); if (r.bool()) s.maximum = r.int(5, 30); if (r.bool(0.3)) s.multipleOf = r.pick([2, 5, 0.5]); return s; }
function obj(r: R): any { const props: any = {}; for (const k of ['a', 'b', 'c', 'd']) if (r.bool(0.5)) props[k] = r.bool() ? str(r) : num(r); const keys = Object.keys(props);
  const s: any = { type: 'object', properties: props }; if (keys.length && r.bool()) s.required = keys.filter(() => r.bool(0.5)); if (r.bool(0.3)) s.additionalProperties = false; return s; }
let total = 0, bad = 0; const N = Number(process.argv[2] ?? 1000); const fails: any[] = [];
for (let i = 0; i < N; i++) {
  const r = createRandom('f2-' + i); const kind = r.int(0, 2); const n = r.int(2, 3);
  const branches = Array.from({ length: n }, () => kind === 0 ? str(r) : kind === 1 ? num(r) : obj(r));
  const schema = { oneOf: branches };
  const v = validatorFor(schema, {});
  let badHere = 0;
  for (const mode of ['static', 'dynamic'] as const) for (const seed of [1, 2, 3]) { total++; const value = synthesize(schema, { seed, mode }); if (!v(value).valid) { bad++; badHere++; } }
  if (badHere) fails.push([badHere, JSON.stringify(schema)]);
}
console.log('total', total, 'bad', bad, 'schemas failing', fails.length);
for (const f of fails.slice(0, 60)) console.log(f[0], f[1]);
