// Due dates as the document holds them ({date} or {dateTime, zone}, docs/crdt.md) and their badges.
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

const localDay = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The viewer's IANA zone, written with a date-time due. */
export const myZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** {day: 'YYYY-MM-DD', time: 'HH:MM' | ''} for the inputs, from a due value. */
export function dueParts(due) {
  if (!due) return { day: '', time: '' };
  if (due.date) return { day: due.date, time: '' };
  const [day, time = ''] = (due.dateTime || '').split('T');
  return { day, time: time.slice(0, 5) };
}

/** The due value for inputs (null when the day is empty). */
export function dueFrom(day, time) {
  if (!day) return null;
  return time ? { dateTime: `${day}T${time}`, zone: myZone() } : { date: day };
}

/** {label, tone: 'overdue' | 'today' | 'soon' | ''} for a due value, or null. */
export function dueBadge(due, done = false, now = new Date()) {
  const { day, time } = dueParts(due);
  if (!day) return null;
  const today = localDay(now);
  const tomorrow = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  let label = day === today ? 'Today' : day === tomorrow ? 'Tomorrow' : dayFmt.format(date);
  if (time) {
    const [hh, mm] = time.split(':').map(Number);
    label += ` ${timeFmt.format(new Date(y, m - 1, d, hh, mm))}`;
  }
  let tone = '';
  if (!done) tone = day < today ? 'overdue' : day === today ? 'today' : day === tomorrow ? 'soon' : '';
  return { label, tone };
}
