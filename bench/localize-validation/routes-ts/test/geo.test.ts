import { describe, expect, it } from 'vitest';
import { centroid, haversine, insidePolygon, pathLength, toRadians } from '../src/geo';

const berlin = { lat: 52.52, lon: 13.405 };
const potsdam = { lat: 52.3906, lon: 13.0645 };

describe('geo', () => {
  it('converts degrees', () => {
    expect(toRadians(180)).toBeCloseTo(Math.PI);
  });

  it('measures great-circle distances', () => {
    expect(haversine(berlin, potsdam)).toBeCloseTo(27.1, 0);
    expect(haversine(berlin, berlin)).toBe(0);
  });

  it('sums a path', () => {
    expect(pathLength([berlin, potsdam, berlin])).toBeCloseTo(2 * haversine(berlin, potsdam));
    expect(pathLength([berlin])).toBe(0);
  });

  it('tests points against a polygon', () => {
    const square = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 2 },
      { lat: 2, lon: 2 },
      { lat: 2, lon: 0 },
    ];
    expect(insidePolygon({ lat: 1, lon: 1 }, square)).toBe(true);
    expect(insidePolygon({ lat: 3, lon: 1 }, square)).toBe(false);
    expect(insidePolygon({ lat: 1, lon: -0.5 }, square)).toBe(false);
  });

  it('finds the centroid', () => {
    expect(centroid([{ lat: 0, lon: 0 }, { lat: 2, lon: 4 }])).toEqual({ lat: 1, lon: 2 });
    expect(() => centroid([])).toThrow();
  });
});
