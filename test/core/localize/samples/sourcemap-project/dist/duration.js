"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MINUTES_PER_DAY = void 0;
exports.parseDuration = parseDuration;
exports.formatDuration = formatDuration;
exports.sumDurations = sumDurations;
// Durations are whole minutes; a working day has 8 hours.
exports.MINUTES_PER_DAY = 8 * 60;
const UNIT_MINUTES = { d: exports.MINUTES_PER_DAY, h: 60, m: 1 };
/** "1d 2h30m" -> 630. Units: d (working day), h, m. */
function parseDuration(text) {
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
function formatDuration(minutes) {
    if (minutes < 0)
        throw new Error('Negative duration');
    const days = Math.floor(minutes / exports.MINUTES_PER_DAY);
    const hours = Math.floor((minutes % exports.MINUTES_PER_DAY) / 60);
    const rest = minutes % 60;
    const parts = [];
    if (days > 0)
        parts.push(`${days}d`);
    if (hours > 0)
        parts.push(`${hours}h`);
    if (rest > 0 || parts.length === 0)
        parts.push(`${rest}m`);
    return parts.join(' ');
}
function sumDurations(values) {
    return values.reduce((total, value) => total + value, 0);
}
//# sourceMappingURL=duration.js.map