import { describe, expect, it } from 'vitest';
import { parseCookies } from './cookies';

describe('parseCookies', () => {
  it('tolerates spaces, empty pieces, bare words and quotes', () => {
    expect(parseCookies(' a=1 ;b = 2;; flag; c="x y" ; d=; =nameless')).toEqual([
      { key: 'a', raw: '1' },
      { key: 'b', raw: '2' },
      { key: 'c', raw: 'x y' },
      { key: 'd', raw: '' },
    ]);
  });
  it('keeps `=` inside values and repeated names', () => {
    expect(parseCookies('t=a=b; t=c')).toEqual([
      { key: 't', raw: 'a=b' },
      { key: 't', raw: 'c' },
    ]);
  });
  it('reads nothing from a missing header', () => {
    expect(parseCookies(undefined)).toEqual([]);
    expect(parseCookies('')).toEqual([]);
  });
});
