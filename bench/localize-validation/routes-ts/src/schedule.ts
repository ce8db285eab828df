import { haversine, pathLength, type Point } from './geo';
import type { Stop } from './stops';

export interface Visit {
  stop: string;
  arrive: number;
  leave: number;
  waited: number;
}

export const SERVICE_MINUTES_PER_PARCEL = 3;

export function travelMinutes(km: number, speedKmh: number): number {
  if (speedKmh <= 0) throw new Error('Speed must be positive');
  return Math.ceil((km / speedKmh) * 60);
}

/** Times of each visit when driving the stops in order from `depot` starting at `start`. */
export function schedule(depot: Point, stops: Stop[], start: number, speedKmh = 30): Visit[] {
  const visits: Visit[] = [];
  let clock = start;
  let here = depot;
  for (const stop of stops) {
    clock += travelMinutes(haversine(here, stop.at), speedKmh);
    const waited = Math.max(0, stop.opens - clock);
    const arrive = clock + waited;
    if (arrive > stop.closes) throw new Error(`Late for ${stop.id}: ${formatClock(arrive)} after ${formatClock(stop.closes)}`);
    const leave = arrive + stop.parcels * SERVICE_MINUTES_PER_PARCEL;
    visits.push({ stop: stop.id, arrive, leave, waited });
    clock = leave;
    here = stop.at;
  }
  return visits;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function totalWait(visits: Visit[]): number {
  return visits.reduce((sum, v) => sum + v.waited, 0);
}

export function routeKm(depot: Point, stops: Stop[]): number {
  return pathLength([depot, ...stops.map((s) => s.at), depot]);
}
