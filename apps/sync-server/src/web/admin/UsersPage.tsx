import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api.js';
import { useSession } from '../session.js';
import { ErrorBox, FilterBar, formatTime, Page, PagedTable, SignatureDialog, useApi, useSubmit, useFilters, type ESignature } from '../ui/index.js';

type UserRow = {
  user: { id: string; printedName: string; roles: string[]; active: boolean; badge?: string; stations?: string[]; centralLockout?: { since: string; kioskId: string } };
  signInLockedUntil: string | null;
  failedSignIns: number;
  mustChangePassword: boolean;
  pinMustChange: boolean;
};
type LockoutEvent = { at: string; action: string; actor: string; reason: string | null; details: unknown };
const PAGE = 20;
const ROLES = ['operator', 'qa', 'supervisor', 'maintenance', 'admin'] as const;

function lockoutOf(u: UserRow): string {
  if (u.user.centralLockout) return `locked out at kiosk ${u.user.centralLockout.kioskId} since ${formatTime(u.user.centralLockout.since)}`;
  if (u.signInLockedUntil) return `central sign-in locked until ${formatTime(u.signInLockedUntil)}`;
  if (u.failedSignIns > 0) return `${u.failedSignIns} wrong password(s)`;
  return 'not locked out';
}

/** What the user must replace at the next sign-in: an admin set it (create or reset), so it is not yet theirs. */
function MustChange({ u }: { u: UserRow }) {
  const what = [u.mustChangePassword ? 'password' : '', u.pinMustChange ? 'PIN' : ''].filter(Boolean);
  if (what.length === 0) return null;
  return (
    <span className="pill warn must-change" data-testid="must-change" title="set by an administrator: the user sets their own at the next sign-in (PIN: at a kiosk)">
      must set new {what.join(' and ')}
    </span>
  );
}
const locked = (u: UserRow) => u.user.centralLockout !== undefined || u.signInLockedUntil !== null || u.failedSignIns > 0;

/** Users and roles: who may do what where, who is locked out; a row opens the user. */
export function UsersPage() {
  const users = useApi<{ users: UserRow[] }>('/api/v1/users');
  const navigate = useNavigate();
  const { values, offset, setValues, setOffset } = useFilters(['q', 'state']);
  const q = (values['q'] ?? '').toLowerCase();
  const rows = (users.data?.users ?? []).filter(
    (u) => (!q || `${u.user.id} ${u.user.printedName} ${u.user.roles.join(' ')}`.toLowerCase().includes(q)) && (!values['state'] || (values['state'] === 'locked' ? locked(u) : values['state'] === 'inactive' ? !u.user.active : u.user.active)),
  );
  return (
    <Page title="Users and roles" subtitle="Open a user to change roles, deactivate, reset password and PIN, or unlock; the last active admin is never demoted or deactivated.">
      {users.error ? <ErrorBox error={users.error} /> : null}
      <FilterBar
        fields={[
          { name: 'q', label: 'Search', placeholder: 'id, name or role' },
          { name: 'state', label: 'Show', type: 'select', options: [{ value: 'locked', label: 'locked out' }, { value: 'active', label: 'active' }, { value: 'inactive', label: 'inactive' }] },
        ]}
        values={values}
        onApply={setValues}
      />
      <PagedTable
        columns={[
          { header: 'User', cell: (u) => u.user.id, width: '11rem', className: 'nowrap' },
          { header: 'Printed name', cell: (u) => u.user.printedName },
          { header: 'Roles', cell: (u) => u.user.roles.join(', '), width: '10rem' },
          { header: 'Stations', cell: (u) => u.user.stations?.join(', ') ?? 'all', width: '8rem' },
          {
            header: 'Status',
            cell: (u) => (
              <span className="status-cell">
                <span className={`status-pill ${u.user.active ? 'active' : 'revoked'}`}>{u.user.active ? 'active' : 'inactive'}</span>
                <MustChange u={u} />
              </span>
            ),
            width: '11rem',
          },
          { header: 'Lockout', cell: lockoutOf, width: '15rem' },
        ]}
        rows={rows.slice(offset, offset + PAGE)}
        rowKey={(u) => u.user.id}
        rowData={(u) => ({ user: u.user.id })}
        onOpen={(u) => void navigate(`/admin/users/${u.user.id}`)}
        page={{ offset, limit: PAGE, total: rows.length }}
        onPage={setOffset}
        loading={users.loading}
      />
    </Page>
  );
}

/** One user: roles, deactivation, credential reset (shown once), unlock with reason and e-signature, lockout history. */
export function UserPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const users = useApi<{ users: UserRow[] }>('/api/v1/users');
  const history = useApi<{ events: LockoutEvent[] }>(`/api/v1/users/${encodeURIComponent(id)}/lockouts`);
  const row = users.data?.users.find((u) => u.user.id === id);
  const { refusal, run } = useSubmit();
  const [notice, setNotice] = useState<string>();
  const [temporary, setTemporary] = useState<{ password: string; pin: string }>();
  const [unlocking, setUnlocking] = useState(false);
  const [unlockReason, setUnlockReason] = useState('');
  const reload = () => {
    users.reload();
    history.reload();
  };
  const act = async (what: string, call: () => Promise<unknown>) => {
    setNotice(undefined);
    if (!(await run(call))) return;
    setNotice(what);
    reload();
  };
  const unlock = async (signature: ESignature) => {
    if (signature.userId !== me.userId) throw new Error(`sign with your own user id (${me.userId})`);
    await api.post(`/api/v1/users/${encodeURIComponent(id)}/unlock`, { reason: unlockReason, password: signature.password });
    setUnlocking(false);
    setUnlockReason('');
    setNotice(`${id} unlocked: every kiosk lets them sign again after its next pull.`);
    reload();
  };
  return (
    <Page title={row ? `${row.user.printedName} (${row.user.id})` : `User ${id}`} subtitle={
        row ? (
          <>
            <span data-testid="user-lockout">{lockoutOf(row)}</span> <MustChange u={row} />
          </>
        ) : undefined
      } actions={<Link to="/admin/users">All users</Link>}>
      {users.error ? <ErrorBox error={users.error} /> : null}
      {refusal ? (
        <p className="error-box" role="alert" data-testid="user-refusal">
          Refused: {refusal}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {temporary ? (
        <p className="notice" data-testid="temporary">
          Shown once — hand over in person: temporary password <code>{temporary.password}</code>, PIN <code>{temporary.pin}</code>. The user sets their own at the next sign-in.
        </p>
      ) : null}
      {row ? (
        <>
          <RolesForm key={JSON.stringify(row.user)} row={row} onSave={(body) => act(`${id} changed.`, () => api.put(`/api/v1/users/${encodeURIComponent(id)}`, body))} />
          <section className="schema-form" aria-label="Lockout and credentials">
            <h2>Lockout and credentials</h2>
            <p>{lockoutOf(row)}</p>
            <div className="form-grid">
              <label>
                Reason (for the unlock, reset or deactivation)
                <input name="unlockReason" value={unlockReason} onChange={(e) => setUnlockReason(e.target.value)} placeholder="why (identity checked, training…)" />
              </label>
            </div>
            <span className="row-actions">
              <button type="button" className="primary" disabled={!locked(row) || unlockReason.trim() === ''} onClick={() => setUnlocking(true)}>
                Unlock…
              </button>
              <button
                type="button"
                disabled={unlockReason.trim() === ''}
                onClick={() =>
                  void act(`${id}'s password and PIN are reset.`, async () => {
                    const reset = await api.post<{ temporary: { password: string; pin: string } }>(`/api/v1/users/${encodeURIComponent(id)}/reset-credentials`, { reason: unlockReason });
                    setTemporary(reset.temporary);
                  })
                }
              >
                Reset password and PIN
              </button>
              <button type="button" disabled={!row.user.active || unlockReason.trim() === ''} onClick={() => void act(`${id} deactivated.`, () => api.post(`/api/v1/users/${encodeURIComponent(id)}/deactivate`, { reason: unlockReason }))}>
                Deactivate
              </button>
            </span>
          </section>
          <h2>Lockout history</h2>
          <PagedTable
            columns={[
              { header: 'When', cell: (e) => formatTime(e.at), width: '11rem', className: 'nowrap' },
              { header: 'What', cell: (e) => e.action, width: '13rem' },
              { header: 'By', cell: (e) => e.actor, width: '9rem' },
              { header: 'Reason', cell: (e) => e.reason ?? '' },
            ]}
            rows={[...(history.data?.events ?? [])].reverse()}
            rowKey={(e) => `${e.at}-${e.action}`}
            rowData={(e) => ({ action: e.action })}
            empty="Never locked out, unlocked or reset."
            loading={history.loading}
          />
          <SignatureDialog
            open={unlocking}
            title={`Unlock ${row.user.printedName}`}
            signing={
              <span>
                Unlock of <strong>{id}</strong> ({lockoutOf(row)}). Reason: {unlockReason}
              </span>
            }
            meanings={[{ value: 'approved', label: 'Approved', description: `I approve that ${id} may sign again.` }]}
            onSign={unlock}
            onCancel={() => setUnlocking(false)}
          />
        </>
      ) : null}
    </Page>
  );
}

function RolesForm({ row, onSave }: { row: UserRow; onSave: (body: unknown) => Promise<void> }) {
  const [printedName, setPrintedName] = useState(row.user.printedName);
  const [roles, setRoles] = useState<string[]>(row.user.roles);
  const [stations, setStations] = useState(row.user.stations?.join(', ') ?? '');
  const [reason, setReason] = useState('');
  const body = {
    user: { printedName, roles, ...(row.user.badge ? { badge: row.user.badge } : {}), ...(stations.trim() ? { stations: stations.split(',').map((s) => s.trim()).filter(Boolean) } : {}) },
    reason,
  };
  return (
    <form
      className="schema-form"
      aria-label="Roles"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(body);
      }}
    >
      <h2>Name, roles and stations</h2>
      <div className="form-grid">
        <label>
          Printed name
          <input name="printedName" value={printedName} onChange={(e) => setPrintedName(e.target.value)} />
        </label>
        <fieldset className="roles">
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r}>
              <input type="checkbox" name={`role-${r}`} checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} /> {r}
            </label>
          ))}
        </fieldset>
        <label>
          Stations (empty: all)
          <input name="stations" value={stations} onChange={(e) => setStations(e.target.value)} placeholder="DISP-1, GRAN-1" />
        </label>
        <label>
          Reason for the change
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <button type="submit" className="primary" disabled={roles.length === 0 || reason.trim() === '' || printedName.trim() === ''}>
        Save
      </button>
    </form>
  );
}
