import { lazy, Suspense, useEffect, useState, type ReactElement } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError, loadSession, type Me } from './api.js';
import { ChangePassword } from './ChangePassword.js';
import { HomePage } from './home/HomePage.js';
import { SECTIONS, type Section } from './sections.js';
import { hasRole, SessionContext, useSession } from './session.js';
import { ErrorBox } from './ui/ErrorBox.js';
import { Forbidden, NotFound } from './ui/StatusPages.js';
import { TopBar } from './ui/TopBar.js';

// One lazy component per section, made once: each section's code loads when first opened.
const PAGES = new Map<Section, ReactElement>(
  SECTIONS.map((s) => {
    const Lazy = lazy(async () => ({ default: await s.load() }));
    return [s, <Lazy key={s.path} />];
  }),
);

function Guarded({ section }: { section: Section }) {
  const me = useSession();
  if (!hasRole(me, section.roles)) return <Forbidden me={me} needs={section.roles} />;
  return PAGES.get(section)!;
}

function Shell() {
  const me = useSession();
  const visible = SECTIONS.filter((s) => s.nav !== false && hasRole(me, s.roles));
  return (
    <div className="app">
      <TopBar sections={visible} />
      <div className="app-main">
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Routes>
            <Route path="/" element={<HomePage sections={visible} />} />
            {SECTIONS.map((section) => (
              <Route key={section.path} path={`${section.path}/*`} element={<Guarded section={section} />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}

export function App() {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadSession().then(setMe, (e: unknown) => {
      // A 401 is already on its way to the sign-in form.
      if (!(e instanceof ApiError && e.status === 401)) setError(e);
    });
  }, []);
  if (error) return <ErrorBox error={error} title="The app could not start" />;
  if (!me) return <p className="loading">Loading…</p>;
  if (me.mustChangePassword) return <ChangePassword me={me} onChanged={() => void loadSession().then(setMe, setError)} />;
  return (
    <SessionContext.Provider value={me}>
      <BrowserRouter>
        <Shell />
      </BrowserRouter>
    </SessionContext.Provider>
  );
}
