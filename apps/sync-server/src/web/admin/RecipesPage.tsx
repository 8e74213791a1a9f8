import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api.js';
import { hasRole, useSession } from '../session.js';
import { ErrorBox, Page, PagedTable, SignatureDialog, useApi, useSubmit, type ESignature } from '../ui/index.js';
import { BLANK_RECIPE, contentOf, RecipeDraftEditor } from './RecipeDraftEditor.js';

type Summary = { id: string; name: string; versions: { version: number; status: string; author?: string; effectiveFrom?: string; approvals: number; changeReason?: string }[] };
type Approval = { userId: string; printedName: string; meaning: string; signedAt: string; contentHash: string; counts: boolean };
type VersionView = {
  recipe: { id: string; version: number; status: string; name: string; product: string; author?: string; changeReason?: string; effectiveFrom?: string; effectiveUntil?: string; approvedBy?: string; steps: { id: string; title: string; kind: string }[] };
  contentHash: string;
  previousVersion: number | null;
  changes: { path: string; kind: string; before?: unknown; after?: unknown }[];
  signatures: Approval[];
  inEffect: { ok: boolean; why?: string };
};
const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Recipes and their versions: status, author, effective day, approvals. */
export function RecipesPage() {
  const recipes = useApi<{ recipes: Summary[] }>('/api/v1/recipes');
  const navigate = useNavigate();
  const me = useSession();
  const [creating, setCreating] = useState(false);
  const rows = (recipes.data?.recipes ?? []).flatMap((r) => r.versions.map((v) => ({ ...v, id: r.id, name: r.name })));
  return (
    <Page
      title="Recipes"
      subtitle="Master batch records: a change is a new version with a reason; two people, QA among them and neither the author, approve it."
      actions={hasRole(me, ['admin']) && !creating ? <button type="button" className="primary" onClick={() => setCreating(true)}>New recipe</button> : undefined}
    >
      {creating ? <RecipeDraftEditor recipe={BLANK_RECIPE} creating onSaved={(r) => void navigate(`/admin/recipes/${r.id}/${r.version}`)} /> : null}
      {recipes.error ? <ErrorBox error={recipes.error} /> : null}
      <PagedTable
        columns={[
          { header: 'Recipe', cell: (r) => r.id, width: '10rem', className: 'nowrap' },
          { header: 'Version', cell: (r) => r.version, width: '5rem', className: 'num' },
          { header: 'Status', cell: (r) => <span className={`status-pill ${r.status}`}>{r.status}</span>, width: '7rem' },
          { header: 'Effective from', cell: (r) => r.effectiveFrom ?? '', width: '8rem' },
          { header: 'Author', cell: (r) => r.author ?? '', width: '8rem' },
          { header: 'Approvals', cell: (r) => r.approvals, width: '6rem', className: 'num' },
          { header: 'Reason for the change', cell: (r) => r.changeReason ?? '' },
        ]}
        rows={rows}
        rowKey={(r) => `${r.id}@${r.version}`}
        onOpen={(r) => void navigate(`/admin/recipes/${r.id}/${r.version}`)}
        loading={recipes.loading}
      />
    </Page>
  );
}

/** A step of a version's life, asked on the page with its reason (never in a browser prompt); `new-version` starts a draft from it. */
type VersionAction = 'submit' | 'return' | 'retire' | 'new-version';

/** What each step says on the page before it is confirmed: the form's name, its heading, what it does, and the reason field. */
const VERSION_ACTIONS: Record<VersionAction, { form: string; heading: (version: number) => string; effect?: string; label: string; example: string; confirm: string }> = {
  submit: { form: 'Submit for review', heading: (n) => `Submit for review — version ${n}`, effect: 'The draft can no longer be edited; two people, QA among them, sign its approval.', label: 'Reason (kept in the audit log)', example: 'e.g. ready for review after CC-130', confirm: 'Submit' },
  return: { form: 'Return to draft', heading: (n) => `Return to draft — version ${n}`, effect: 'The version goes back to its author for changes; the approval signatures given so far stay on record but no longer count.', label: 'Reason (kept in the audit log)', example: 'e.g. step 3 tolerance to be checked with QC', confirm: 'Return to draft' },
  retire: { form: 'Retire', heading: (n) => `Retire — version ${n}`, effect: 'No order can be released on this version any more, and a kiosk refuses to start an order on it, one already released included.', label: 'Reason (kept in the audit log)', example: 'e.g. product discontinued', confirm: 'Retire' },
  'new-version': { form: 'New version', heading: (n) => `New draft version from version ${n}`, label: 'Why a new version (change control)', example: 'e.g. CC-130: tighter tolerance on step 3', confirm: 'Start the draft' },
};

/** One version: its diff against the previous one, its signatures, and the actions its state allows. */
export function RecipeVersionPage() {
  const { id = '', version = '' } = useParams();
  const me = useSession();
  const loaded = useApi<VersionView>(`/api/v1/recipes/${id}/versions/${version}`);
  const navigate = useNavigate();
  const [signing, setSigning] = useState(false);
  const { busy, refusal, refuse, run } = useSubmit();
  // The one step being asked for, with the reason typed so far.
  const [pending, setPending] = useState<{ action: VersionAction; reason: string }>();
  const v = loaded.data;
  const ask = (action: VersionAction) => {
    refuse(undefined);
    setPending({ action, reason: '' });
  };
  const step = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    const reason = pending.reason.trim();
    if (pending.action === 'new-version') {
      // A change to an approved version is a new draft version, from this one's content, with the reason.
      await run(async () => {
        const made = await api.post<{ recipe: { version: number } }>(`/api/v1/recipes/${id}/versions`, { data: contentOf(v!.recipe as unknown as Record<string, unknown>), reason });
        setPending(undefined);
        void navigate(`/admin/recipes/${id}/${made.recipe.version}`);
      });
      return;
    }
    if (!(await run(() => api.post(`/api/v1/recipes/${id}/versions/${version}/${pending.action}`, { reason })))) return;
    setPending(undefined);
    loaded.reload();
  };
  const sign = async (signature: ESignature) => {
    await api.post(`/api/v1/recipes/${id}/versions/${version}/approve`, { ...signature, contentHash: v!.contentHash });
    setSigning(false);
    loaded.reload();
  };
  return (
    <Page
      title={v ? `${v.recipe.name} — version ${v.recipe.version}` : `Recipe ${id} version ${version}`}
      subtitle={v ? <span>Status <span className={`status-pill ${v.recipe.status}`} data-testid="recipe-status">{v.recipe.status}</span> {v.inEffect.ok ? 'in effect' : `— ${v.inEffect.why ?? ''}`}</span> : undefined}
      actions={
        v ? (
          <>
            <Link to="/admin/recipes">All recipes</Link>
            {v.recipe.status === 'draft' && v.recipe.author === me.userId ? <button type="button" onClick={() => ask('submit')}>Submit for review</button> : null}
            {v.recipe.status === 'in-review' ? (
              <>
                <button type="button" className="primary" onClick={() => setSigning(true)}>
                  Sign approval
                </button>
                <button type="button" onClick={() => ask('return')}>Return to draft</button>
              </>
            ) : null}
            {v.recipe.status === 'approved' || v.recipe.status === 'superseded' ? <button type="button" onClick={() => ask('retire')}>Retire</button> : null}
            {v.recipe.status !== 'draft' && v.recipe.status !== 'in-review' && hasRole(me, ['admin']) && pending?.action !== 'new-version' ? (
              <button type="button" onClick={() => ask('new-version')}>
                New version from this
              </button>
            ) : null}
          </>
        ) : undefined
      }
    >
      {loaded.error ? <ErrorBox error={loaded.error} /> : null}
      {refusal ? <p className="error-box" role="alert" data-testid="recipe-refusal">{refusal}</p> : null}
      {v && pending ? (
        <form className="schema-form" aria-label={VERSION_ACTIONS[pending.action].form} onSubmit={(e) => void step(e)}>
          <h2>{VERSION_ACTIONS[pending.action].heading(v.recipe.version)}</h2>
          {VERSION_ACTIONS[pending.action].effect ? <p>{VERSION_ACTIONS[pending.action].effect}</p> : null}
          <div className="form-grid">
            <label htmlFor="version-action-reason" className="wide">
              {VERSION_ACTIONS[pending.action].label}
              <input id="version-action-reason" name="reason" value={pending.reason} onChange={(e) => setPending({ ...pending, reason: e.target.value })} placeholder={VERSION_ACTIONS[pending.action].example} autoFocus />
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={pending.reason.trim() === '' || busy}>
              {VERSION_ACTIONS[pending.action].confirm}
            </button>
            <button type="button" onClick={() => setPending(undefined)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {v ? (
        <>
          {v.recipe.status === 'draft' && v.recipe.author === me.userId ? <RecipeDraftEditor key={v.contentHash} recipe={v.recipe as unknown as Record<string, unknown>} onSaved={() => loaded.reload()} /> : null}
          <p>
            Author <strong>{v.recipe.author ?? 'baseline'}</strong>. Reason: {v.recipe.changeReason ?? '—'}. Effective from {v.recipe.effectiveFrom ?? 'the approval day'}
            {v.recipe.effectiveUntil ? ` until ${v.recipe.effectiveUntil}` : ''}. Content hash <code>{v.contentHash.slice(0, 19)}…</code>
          </p>
          <h2>Changes against version {v.previousVersion ?? '—'}</h2>
          <PagedTable
            columns={[
              { header: 'Where', cell: (c) => c.path, width: '16rem', className: 'nowrap' },
              { header: 'Change', cell: (c) => c.kind, width: '6rem' },
              { header: 'Before', cell: (c) => <span className="diff-before">{show(c.before)}</span> },
              { header: 'After', cell: (c) => <span className="diff-after">{show(c.after)}</span> },
            ]}
            rows={v.changes.slice(0, 50)}
            rowKey={(c) => c.path}
            empty={v.previousVersion === null ? 'The first version.' : 'No change in content.'}
          />
          <h2>Approval signatures</h2>
          <PagedTable
            columns={[
              { header: 'Signed by', cell: (s) => `${s.printedName} (${s.userId})` },
              { header: 'Meaning', cell: (s) => s.meaning, width: '7rem' },
              { header: 'At', cell: (s) => s.signedAt, width: '14rem', className: 'nowrap' },
              { header: 'Over', cell: (s) => <code>{s.contentHash.slice(0, 19)}…</code>, width: '13rem' },
              { header: 'Counts', cell: (s) => (s.counts ? 'yes' : 'no: returned to draft after it'), width: '14rem' },
            ]}
            rows={v.signatures}
            rowKey={(s) => `${s.userId} ${s.signedAt}`}
            empty="Not signed yet: two people, QA among them and not the author."
          />
          <SignatureDialog
            open={signing}
            title={`Approve ${v.recipe.id} version ${v.recipe.version}`}
            signing={
              <span>
                {v.recipe.name}, version {v.recipe.version}, content <code>{v.contentHash}</code>
              </span>
            }
            meanings={[
              { value: 'approved', label: 'Approved', description: 'I approve this version of the master batch record for use from its effective day.' },
              { value: 'reviewed', label: 'Reviewed', description: 'I reviewed this version and its changes.' },
            ]}
            onSign={sign}
            onCancel={() => setSigning(false)}
          />
        </>
      ) : null}
    </Page>
  );
}
