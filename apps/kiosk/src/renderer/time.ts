/** Wall time as the operator reads it on the floor: HH:MM:SS, local. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

const two = (n: number) => String(n).padStart(2, '0');

/** Date and wall time on this screen's clock, e.g. '2026-12-05 22:03:15': the core's instants carry its offset. */
export function formatLocalDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A sentence from the core with its ISO instants (e.g. a lockout's end) shown in local time. */
export function localizeInstants(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatLocalDateTime(iso));
}
