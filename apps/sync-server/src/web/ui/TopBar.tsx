import { Link, NavLink } from 'react-router';
import { signOut } from '../api.js';
import type { Section } from '../sections.js';
import { useSession } from '../session.js';
import { roleList } from './roles.js';

export function TopBar({ sections }: { sections: readonly Section[] }) {
  const me = useSession();
  return (
    <header className="topbar">
      <Link className="brand" to="/">
        Lineside
      </Link>
      <nav aria-label="Sections">
        {sections.map((s) => (
          <NavLink key={s.path} to={s.path}>
            {s.title}
          </NavLink>
        ))}
      </nav>
      <div className="who">
        <span title={`${me.userId}: ${roleList(me.roles)}`}>
          {me.displayName} <small>({roleList(me.roles)})</small>
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
