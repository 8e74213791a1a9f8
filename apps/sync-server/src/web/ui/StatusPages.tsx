import { Link, useLocation } from 'react-router';
import type { Me } from '../api.js';
import { Page } from './Page.js';
import { roleList } from './roles.js';

/** The app's own 403, for a section whose roles are narrower than its area's (the server gates the area). */
export function Forbidden({ me, needs }: { me: Me; needs: readonly string[] }) {
  const { pathname } = useLocation();
  return (
    <Page title="You may not open this page">
      <p>
        You are signed in as <strong>{me.displayName}</strong> ({me.userId}), with the role{me.roles.length === 1 ? '' : 's'} {roleList(me.roles)}.
      </p>
      <p>
        <code>{pathname}</code> needs the role {roleList(needs)}.
      </p>
      <p>
        <Link to="/">Go to the start page</Link> for what you may open.
      </p>
    </Page>
  );
}

export function NotFound() {
  const { pathname } = useLocation();
  return (
    <Page title="Page not found">
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </Page>
  );
}
