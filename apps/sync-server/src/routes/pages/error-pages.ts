import { APP_ROLES, type WebRole } from '../../web-access.js';
import { html, page, type Html } from './html.js';

const ROLE_NAMES: Record<string, string> = { operator: 'operator', qa: 'QA', supervisor: 'supervisor', maintenance: 'maintenance', admin: 'admin' };

export function roleList(roles: readonly string[]): string {
  const names = roles.map((r) => ROLE_NAMES[r] ?? r);
  return names.length <= 1 ? (names[0] ?? 'none') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

const TITLES: Record<number, string> = {
  400: 'The request was not understood',
  401: 'Sign in first',
  403: 'You may not open this page',
  404: 'Page not found',
  405: 'Not possible here',
  413: 'Too large',
  415: 'Not accepted',
  429: 'Too many attempts',
  500: 'Something went wrong on the server',
  503: 'The server is not available',
};

function shell(title: string, body: Html, signOut: boolean): string {
  return page(
    title,
    html`<header class="bar"><a class="brand" href="/">Lineside</a>${signOut ? html`<form class="logout" method="post" action="/logout"><button type="submit">Sign out</button></form>` : ''}</header>
<main class="error-page">
<h1>${title}</h1>
${body}
</main>`,
  );
}

/** The page a browser gets for a failed navigation: the status in words, the server's sentence, a way on. */
export function errorPage(statusCode: number, message: string): string {
  const title = TITLES[statusCode] ?? (statusCode >= 500 ? TITLES[500]! : TITLES[400]!);
  const extra = statusCode >= 500 ? html`<p>The error is logged on the server. Try again in a moment; if it happens again, tell your administrator the time it happened.</p>` : '';
  return shell(title, html`<p data-status="${statusCode}">${message}</p>${extra}<p><a href="/">Go to the start page</a></p>`, false);
}

/** 403 for a signed-in user: who they are, what the page needs, and where they can go instead. */
export function forbiddenHtml(user: { userId: string; displayName: string; roles: readonly string[] }, path: string, needs: readonly string[]): string {
  const mayUseApp = user.roles.some((r) => APP_ROLES.includes(r as WebRole));
  const body = html`<p data-status="403">You are signed in as <strong>${user.displayName}</strong> (${user.userId}), with the role${user.roles.length === 1 ? '' : 's'} ${roleList(user.roles)}.</p>
<p><code>${path}</code> needs the role ${roleList(needs)}.</p>
${mayUseApp ? html`<p><a href="/">Go to the start page</a> for what you may open.</p>` : html`<p>Operators work at the station kiosk; the central pages are for supervisors, QA, maintenance and administrators. Ask an administrator if you need a role.</p>`}`;
  return shell(TITLES[403]!, body, true);
}
