import { expect, it } from 'vitest';
import { parseStop } from '../src/stops';
import { describePlan, planZones } from '../src/summary';

const zones = [
  { name: 'east', polygon: [{ lat: -1, lon: 0 }, { lat: -1, lon: 1 }, { lat: 1, lon: 1 }, { lat: 1, lon: 0 }] },
  { name: 'west', polygon: [{ lat: -1, lon: -1 }, { lat: -1, lon: 0 }, { lat: 1, lon: 0 }, { lat: 1, lon: -1 }] },
];

it('plans each zone as its own round trip', () => {
  const stops = ['e1; 0.01; 0.05; 8:00-18:00; 2', 'e2; 0.01; 0.02; 9:00-18:00; 1', 'w1; 0.01; -0.03; 8:00-18:00; 5'].map(parseStop);
  const plans = planZones({ lat: 0, lon: 0 }, stops, zones, 8 * 60);
  expect(plans.map(describePlan)).toEqual(['east: e2 → e1 (11.5 km, done 09:16, 55 min waiting)', 'west: w1 (7 km, done 08:23)']);
});
