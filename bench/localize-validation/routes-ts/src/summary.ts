import { formatClock, routeKm, schedule, totalWait } from './schedule';
import { groupByZone, nearestNeighbourOrder, type Stop, type Zone } from './stops';
import type { Point } from './geo';

export interface ZonePlan {
  zone: string;
  stops: string[];
  km: number;
  finish: string;
  waited: number;
}

export function planZones(depot: Point, stops: Stop[], zones: Zone[], start: number): ZonePlan[] {
  const plans: ZonePlan[] = [];
  for (const [zone, inZone] of groupByZone(stops, zones)) {
    const ordered = nearestNeighbourOrder(depot, inZone);
    const visits = schedule(depot, ordered, start);
    plans.push({
      zone,
      stops: ordered.map((s) => s.id),
      km: Math.round(routeKm(depot, ordered) * 10) / 10,
      finish: formatClock(visits[visits.length - 1].leave),
      waited: totalWait(visits),
    });
  }
  return plans.sort((a, b) => a.zone.localeCompare(b.zone));
}

export function describePlan(plan: ZonePlan): string {
  const waits = plan.waited > 0 ? `, ${plan.waited} min waiting` : '';
  return `${plan.zone}: ${plan.stops.join(' → ')} (${plan.km} km, done ${plan.finish}${waits})`;
}
