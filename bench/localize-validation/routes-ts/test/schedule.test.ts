import { describe, expect, it } from 'vitest';
import { formatClock, routeKm, schedule, totalWait, travelMinutes } from '../src/schedule';
import { parseStop } from '../src/stops';

const depot = { lat: 0, lon: 0 };

describe('schedule', () => {
  it('turns distance into whole minutes', () => {
    expect(travelMinutes(10, 30)).toBe(20);
    expect(travelMinutes(10.1, 30)).toBe(21);
    expect(() => travelMinutes(1, 0)).toThrow();
  });

  it('formats clock times', () => {
    expect(formatClock(545)).toBe('09:05');
    expect(formatClock(24 * 60 + 5)).toBe('00:05');
  });

  it('waits for a stop to open and serves parcels', () => {
    const stops = [parseStop('a; 0; 0.09; 9:00-10:00; 2')];
    const visits = schedule(depot, stops, 8 * 60);
    expect(visits).toEqual([{ stop: 'a', arrive: 540, leave: 546, waited: 39 }]);
    expect(totalWait(visits)).toBe(39);
  });

  it('fails when a stop cannot be reached in time', () => {
    const stops = [parseStop('a; 0; 0.9; 8:00-8:30; 1')];
    expect(() => schedule(depot, stops, 8 * 60 + 20)).toThrow(/Late for a/);
  });

  it('measures the round trip', () => {
    expect(routeKm(depot, [parseStop('a; 0; 0.09; 9:00-10:00; 2')])).toBeCloseTo(20.0, 0);
  });
});
