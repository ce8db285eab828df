import { describe, expect, it } from 'vitest';
import { groupByZone, hub, nearestNeighbourOrder, parseStop, zoneOf } from '../src/stops';

const zones = [
  { name: 'north', polygon: [{ lat: 1, lon: 0 }, { lat: 1, lon: 2 }, { lat: 2, lon: 2 }, { lat: 2, lon: 0 }] },
  { name: 'south', polygon: [{ lat: 0, lon: 0 }, { lat: 0, lon: 2 }, { lat: 1, lon: 2 }, { lat: 1, lon: 0 }] },
];

describe('stops', () => {
  it('parses a stop line', () => {
    expect(parseStop('A1; 1.5; 0.5; 9:00-12:30; 4')).toEqual({ id: 'A1', at: { lat: 1.5, lon: 0.5 }, opens: 540, closes: 750, parcels: 4 });
    expect(() => parseStop('A2; 1; 1; 12:00-09:00; 1')).toThrow(/closes before/);
    expect(() => parseStop('A3; 1; 1; soon; 1')).toThrow(/Bad stop/);
  });

  it('assigns zones', () => {
    expect(zoneOf(parseStop('x; 1.5; 1; 8:00-9:00; 1'), zones)).toBe('north');
    expect(zoneOf(parseStop('y; 5; 5; 8:00-9:00; 1'), zones)).toBeUndefined();
    const groups = groupByZone([parseStop('a; 0.5; 1; 8:00-9:00; 1'), parseStop('b; 9; 9; 8:00-9:00; 1')], zones);
    expect([...groups.keys()]).toEqual(['south', 'outside']);
  });

  it('orders stops by nearest neighbour', () => {
    const stops = ['far; 0; 0.09; 8:00-18:00; 1', 'near; 0; 0.01; 8:00-18:00; 1', 'mid; 0; 0.05; 8:00-18:00; 1'].map(parseStop);
    expect(nearestNeighbourOrder({ lat: 0, lon: 0 }, stops).map((s) => s.id)).toEqual(['near', 'mid', 'far']);
    expect(hub(stops)).toEqual({ lat: 0, lon: expect.closeTo(0.05, 5) });
  });
});
