const ROLE_NAMES: Record<string, string> = { operator: 'operator', qa: 'QA', supervisor: 'supervisor', maintenance: 'maintenance', admin: 'admin' };

/** `supervisor, QA or admin`, as the server's 403 page says it. */
export function roleList(roles: readonly string[]): string {
  const names = roles.map((r) => ROLE_NAMES[r] ?? r);
  return names.length <= 1 ? (names[0] ?? 'none') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}
