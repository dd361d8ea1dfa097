import { synthesize } from './src/synth/index';
const dep = { type: 'object', properties: { card: { type: 'string' }, cvc: { type: 'string' } }, dependentSchemas: { card: { required: ['cvc'], properties: { cvc: { pattern: '^\\d{3}$' } } } } };
console.log(Array.from({length: 12}, (_, seed) => JSON.stringify(synthesize(dep as any, { seed, mode: 'dynamic' }))).join(' '));
const plain = { type: 'object', properties: { card: { type: 'string' }, cvc: { type: 'string' } } };
console.log(Array.from({length: 12}, (_, seed) => JSON.stringify(synthesize(plain as any, { seed, mode: 'dynamic' }))).join(' '));
