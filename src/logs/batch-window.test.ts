import { describe, expect, it } from 'vitest';
import { adaptWindow } from './batch-window';

describe('adaptWindow', () => {
  it('keeps the shortest window while traffic is light', () => {
    expect(adaptWindow(1, 20, 20, 250)).toBe(20);
    expect(adaptWindow(20, 20, 20, 250)).toBe(20); // 1,000 requests/s
  });

  it('grows with the arrival rate under load, up to the cap', () => {
    expect(adaptWindow(100, 20, 20, 250)).toBe(100); // 5,000 requests/s
    expect(adaptWindow(2000, 200, 20, 250)).toBe(200); // 10,000 requests/s
    expect(adaptWindow(5000, 100, 20, 250)).toBe(250);
  });

  it('comes back down as soon as a batch saw little traffic', () => {
    expect(adaptWindow(3, 250, 20, 250)).toBe(20);
  });
});
