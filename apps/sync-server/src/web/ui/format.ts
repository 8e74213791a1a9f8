/**
 * Times as the floor wrote them: a kiosk's time keeps its own UTC offset (`2026-11-25 09:00:01 +01:00`),
 * a server time (UTC) is shown in the browser's local time. Ids and hashes are shortened, never rounded.
 */
export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?([+-]\d{2}:\d{2})$/.exec(iso);
  if (match) return `${match[1]} ${match[2]} ${match[3]}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `sha256:3fa9c2…e81b`: enough to compare by eye; the whole value stays in the title attribute. */
export function shortHash(hash: string, head = 12): string {
  return hash.length > head + 8 ? `${hash.slice(0, head)}…${hash.slice(-4)}` : hash;
}

/** `weighing.recorded` → `Weighing recorded`; `deviation.deviation-opened` → `Deviation opened`. */
export function typeLabel(type: string): string {
  const [family, ...rest] = type.split('.');
  const event = rest.join(' ').replace(/-/g, ' ');
  const words = event.startsWith(`${family} `) ? event : `${family ?? ''} ${event}`;
  const text = words.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `equipmentId` → `equipment id`, for field names shown to people. */
export function fieldLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase();
}
