import { useEffect, type ReactNode } from 'react';

/** A page of the app: its title (also the window's), an optional line under it, actions on the right. */
export function Page({ title, subtitle, actions, children }: { title: string; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Lineside`;
  }, [title]);
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          {subtitle ? <p className="subtitle">{subtitle}</p> : null}
        </div>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </main>
  );
}
