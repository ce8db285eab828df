import { centroid, haversine, insidePolygon, type Point } from './geo';

export interface Stop {
  id: string;
  at: Point;
  /** Minutes after midnight. */
  opens: number;
  closes: number;
  parcels: number;
}

export interface Zone {
  name: string;
  polygon: Point[];
}

export function parseStop(line: string): Stop {
  const [id, lat, lon, window, parcels] = line.split(';').map((part) => part.trim());
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(window ?? '');
  if (!id || !match) throw new Error(`Bad stop line: ${line}`);
  const opens = Number(match[1]) * 60 + Number(match[2]);
  const closes = Number(match[3]) * 60 + Number(match[4]);
  if (closes <= opens) throw new Error(`Stop ${id} closes before it opens`);
  return { id, at: { lat: Number(lat), lon: Number(lon) }, opens, closes, parcels: Number(parcels ?? 1) };
}

export function zoneOf(stop: Stop, zones: Zone[]): string | undefined {
  return zones.find((zone) => insidePolygon(stop.at, zone.polygon))?.name;
}

export function groupByZone(stops: Stop[], zones: Zone[]): Map<string, Stop[]> {
  const groups = new Map<string, Stop[]>();
  for (const stop of stops) {
    const zone = zoneOf(stop, zones) ?? 'outside';
    groups.set(zone, [...(groups.get(zone) ?? []), stop]);
  }
  return groups;
}

/** Greedy nearest-neighbour order starting from `depot`. */
export function nearestNeighbourOrder(depot: Point, stops: Stop[]): Stop[] {
  const left = [...stops];
  const order: Stop[] = [];
  let here = depot;
  while (left.length > 0) {
    let best = 0;
    for (let i = 1; i < left.length; i++) if (haversine(here, left[i].at) < haversine(here, left[best].at)) best = i;
    const [next] = left.splice(best, 1);
    order.push(next);
    here = next.at;
  }
  return order;
}

export function hub(stops: Stop[]): Point {
  return centroid(stops.map((s) => s.at));
}
