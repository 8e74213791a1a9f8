/**
 * Who may open which part of the central web app. Shared by the server (it answers a browser's
 * navigation with the app, a sign-in redirect or a 403 page) and by the app (its navigation and
 * section guards). Plain TypeScript, no Node and no DOM: both sides compile it.
 */

/** The roles of db/users.ts ROLES (routes/web checks at compile time that the two agree). */
export const WEB_ROLES = ['operator', 'qa', 'supervisor', 'maintenance', 'admin'] as const;
export type WebRole = (typeof WEB_ROLES)[number];

/**
 * The app's top-level areas and the roles that may open anything in them. A section's path lies in
 * one area (sections.tsx checks it at compile time); a section may narrow its roles further, the
 * area's roles are the union. Operators work at the kiosk and have no area.
 */
export const WEB_AREAS = {
  '/records': ['supervisor', 'qa', 'admin'],
  '/review': ['supervisor', 'qa', 'admin'],
  '/audit': ['supervisor', 'qa', 'admin'],
  '/kpis': ['supervisor', 'qa', 'admin'],
  '/admin': ['admin', 'qa', 'supervisor', 'maintenance'],
} as const satisfies Record<string, readonly WebRole[]>;
export type WebArea = keyof typeof WEB_AREAS;

/** Roles that may open the app at all (its home page): anyone who can open some area. */
export const APP_ROLES: readonly WebRole[] = WEB_ROLES.filter((role) => Object.values(WEB_AREAS).some((roles) => (roles as readonly WebRole[]).includes(role)));

/** The area a path lies in, e.g. `/review/ORD-0001` → `/review`. */
export function areaOf(path: string): WebArea | undefined {
  return (Object.keys(WEB_AREAS) as WebArea[]).find((area) => path === area || path.startsWith(`${area}/`));
}

/** The header a page of the app sends with every state-changing API call made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';
