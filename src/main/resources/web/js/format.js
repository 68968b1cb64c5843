// Dates, times and names for display.
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { month: 'long', day: 'numeric', year: 'numeric' });
const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const toDate = (v) => (v instanceof Date ? v : new Date(v));
export const sameDay = (a, b) => a.toDateString() === b.toDateString();

export function formatTime(v) { return time.format(toDate(v)); }
export function formatFull(v) { return full.format(toDate(v)); }

/** "Today", "Yesterday", "Monday, March 3" or "March 3, 2025" for day separators. */
export function formatDay(v) {
  const d = toDate(v);
  const now = new Date();
  if (sameDay(d, now)) return 'Today';
  const y = new Date(now); y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  if (now - d < 6 * 864e5) return dayMonth.format(d);
  return d.getFullYear() === now.getFullYear() ? dayMonth.format(d) : dayMonthYear.format(d);
}

/** Compact stamp for lists: time today, weekday this week, else date. */
export function formatStamp(v) {
  const d = toDate(v);
  const now = new Date();
  if (sameDay(d, now)) return time.format(d);
  if (now - d < 6 * 864e5) return weekday.format(d);
  return short.format(d);
}

/** "just now", "5 minutes ago", "yesterday"… */
export function formatAgo(v) {
  const secs = Math.round((toDate(v) - Date.now()) / 1000);
  const abs = Math.abs(secs);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(secs / 3600), 'hour');
  if (abs < 86400 * 30) return relative.format(Math.round(secs / 86400), 'day');
  return short.format(toDate(v));
}

export function initials(name = '') {
  const parts = name.replace(/<[^>]*>/g, ' ').split(/\s+/).map((p) => p.match(/[\p{L}\p{N}]/u)?.[0]).filter(Boolean);
  if (!parts.length) return '?';
  const first = parts[0];
  const last = parts.length > 1 ? parts[parts.length - 1] : '';
  return (first + last).toUpperCase();
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
