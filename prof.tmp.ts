import { synthesize } from './src/synth/index';
const obj: any = { type: 'object', required: ['id', 'email'], properties: {} };
const kinds: any = { id: { type: 'integer', format: 'int64' }, email: { type: 'string', format: 'email' }, name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, price: { type: 'number', multipleOf: 0.01 }, active: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['active', 'pending', 'closed'] }, tags: { type: 'array', items: { type: 'string' } }, uuid: { type: 'string', format: 'uuid' }, title: { type: 'string', maxLength: 40 }, description: { type: 'string' }, city: { type: 'string' }, country: { type: 'string' }, phone: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' }, count: { type: 'integer' }, score: { type: 'number', minimum: 0, maximum: 100 }, website: { type: 'string', format: 'uri' }, note: { type: 'string', nullable: true } };
obj.properties = kinds;
for (const mode of ['static', 'dynamic'] as const) {
  for (let i = 0; i < 500; i++) synthesize(obj, { seed: i, mode });
  const t0 = performance.now(); const n = 5000;
  for (let i = 0; i < n; i++) synthesize(obj, { seed: i, mode });
  console.log('20-prop object', mode, ((performance.now() - t0) / n * 1000).toFixed(1), 'µs');
}
console.log(JSON.stringify(synthesize(obj, { seed: 1 })));
console.log(JSON.stringify(synthesize(obj, { seed: 1, mode: 'dynamic' })));
