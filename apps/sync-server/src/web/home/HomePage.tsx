import { Link } from 'react-router';
import type { Section } from '../sections.js';
import { useSession } from '../session.js';
import { Page } from '../ui/Page.js';

export function HomePage({ sections }: { sections: readonly Section[] }) {
  const me = useSession();
  return (
    <Page title={`Welcome, ${me.displayName}`} subtitle="The central pages of the plant: choose where to go.">
      {sections.length === 0 ? (
        <p className="notice">None of the sections is open to your roles.</p>
      ) : (
        <div className="home-grid">
          {sections.map((s) => (
            <Link key={s.path} to={s.path}>
              <strong>{s.title}</strong>
              <span className="muted">{s.summary ?? ''}</span>
            </Link>
          ))}
        </div>
      )}
    </Page>
  );
}
