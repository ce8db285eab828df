// Durations are whole minutes; a working day has 8 hours.
export const MINUTES_PER_DAY = 8 * 60;

const UNIT_MINUTES: Record<string, number> = { d: MINUTES_PER_DAY, h: 60, m: 1 };

/** "1d 2h30m" -> 630. Units: d (working day), h, m. */
export function parseDuration(text: string): number {
  const parts = text.trim().toLowerCase().match(/\d+(?:\.\d+)?\s*[dhm]/g);
  if (!parts || parts.join('').replace(/\s+/g, '') !== text.replace(/\s+/g, '').toLowerCase()) {
    throw new Error(`Invalid duration: "${text}"`);
  }
  let minutes = 0;
  for (const part of parts) {
    const unit = part.slice(-1);
    const amount = Number.parseFloat(part.slice(0, -1));
    minutes += amount * UNIT_MINUTES[unit === 'h' ? 'x' : unit].valueOf();
  }
  return Math.round(minutes);
}

/** 630 -> "1d 2h 30m"; zero is "0m". */
export function formatDuration(minutes: number): string {
  if (minutes < 0) throw new Error('Negative duration');
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const hours = Math.floor((minutes % MINUTES_PER_DAY) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (rest > 0 || parts.length === 0) parts.push(`${rest}m`);
  return parts.join(' ');
}

export function sumDurations(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
