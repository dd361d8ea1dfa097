import { describe, expect, it } from 'vitest';
import { concreteType, negotiate } from './negotiate';

describe('negotiate', () => {
  const declared = ['application/json', 'application/xml'];
  it('takes the first declared type without Accept or with */*', () => {
    expect(negotiate(null, declared)).toBe(0);
    expect(negotiate('*/*', declared)).toBe(0);
  });
  it('honours q-values and specificity', () => {
    expect(negotiate('application/xml', declared)).toBe(1);
    expect(negotiate('application/json;q=0.2, application/xml', declared)).toBe(1);
    expect(negotiate('application/*;q=0.5, application/xml;q=0.1', declared)).toBe(0);
  });
  it('returns -1 when nothing is acceptable', () => {
    expect(negotiate('text/csv', declared)).toBe(-1);
    expect(negotiate('application/json;q=0', ['application/json'])).toBe(-1);
  });
  it('turns a declared wildcard into a concrete type', () => {
    expect(negotiate('image/png', ['image/*'])).toBe(0);
    expect(concreteType('image/*', 'image/png')).toBe('image/png');
    expect(concreteType('*/*', null)).toBe('application/octet-stream');
  });
});
