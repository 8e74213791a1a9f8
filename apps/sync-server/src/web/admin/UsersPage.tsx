import { ErrorBox, Page, PagedTable, useApi, useFilters, FilterBar } from '../ui/index.js';

type UserRow = { user: { id: string; printedName: string; roles: string[]; active: boolean; stations?: string[]; centralLockout?: { since: string; kioskId: string } }; signInLockedUntil: string | null; failedSignIns: number; mustChangePassword: boolean };
const PAGE = 20;

/** Users and roles: who may do what where, who is locked out. */
export function UsersPage() {
  const users = useApi<{ users: UserRow[] }>('/api/v1/users');
  const { values, offset, setValues, setOffset } = useFilters(['q']);
  const q = (values['q'] ?? '').toLowerCase();
  const rows = (users.data?.users ?? []).filter((u) => !q || `${u.user.id} ${u.user.printedName} ${u.user.roles.join(' ')}`.toLowerCase().includes(q));
  return (
    <Page title="Users and roles" subtitle="Create, change roles, reset and unlock through the users API; the last active admin is never demoted or deactivated.">
      {users.error ? <ErrorBox error={users.error} /> : null}
      <FilterBar fields={[{ name: 'q', label: 'Search', placeholder: 'id, name or role' }]} values={values} onApply={setValues} />
      <PagedTable
        columns={[
          { header: 'User', cell: (u) => u.user.id, width: '11rem', className: 'nowrap' },
          { header: 'Printed name', cell: (u) => u.user.printedName },
          { header: 'Roles', cell: (u) => u.user.roles.join(', '), width: '10rem' },
          { header: 'Stations', cell: (u) => u.user.stations?.join(', ') ?? 'all', width: '8rem' },
          { header: 'Status', cell: (u) => <span className={`status-pill ${u.user.active ? 'active' : 'revoked'}`}>{u.user.active ? 'active' : 'inactive'}</span>, width: '6rem' },
          {
            header: 'Lockout',
            cell: (u) => (u.user.centralLockout ? `locked at ${u.user.centralLockout.kioskId}` : u.signInLockedUntil ? `sign-in locked until ${u.signInLockedUntil}` : u.mustChangePassword ? 'must set a new password' : '—'),
            width: '13rem',
          },
        ]}
        rows={rows.slice(offset, offset + PAGE)}
        rowKey={(u) => u.user.id}
        page={{ offset, limit: PAGE, total: rows.length }}
        onPage={setOffset}
        loading={users.loading}
      />
    </Page>
  );
}
