/** A call as some user: method, route, body → status and JSON body (ServerUnderTest.as or adminClient). */
export type UserCall = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', route: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

export interface Signer {
  readonly call: UserCall;
  readonly userId: string;
  readonly password: string;
}

const content = (recipe: Record<string, unknown>) =>
  Object.fromEntries(['name', 'product', 'batchSize', 'batchUnit', 'completeWithOpenDeviations', 'steps'].filter((k) => recipe[k] !== undefined).map((k) => [k, recipe[k]]));

/**
 * A new approved version of a recipe the way a plant makes one: the author drafts it from `base` with
 * `changes` and a reason, submits it, and two other people (QA among them) sign it. Returns its number.
 */
export async function approveNewRecipeVersion(author: UserCall, signers: readonly [Signer, Signer], base: Record<string, unknown>, changes: Record<string, unknown>, reason: string, effectiveFrom?: string): Promise<number> {
  const must = (what: string, r: { status: number; body: Record<string, unknown> }, status: number) => {
    if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const id = String(base['id']);
  const drafted = must('draft', await author('POST', `/api/v1/recipes/${id}/versions`, { data: { ...content(base), ...changes }, reason, ...(effectiveFrom ? { effectiveFrom } : {}) }), 201);
  const version = Number((drafted['recipe'] as { version: number }).version);
  const submitted = must('submit', await author('POST', `/api/v1/recipes/${id}/versions/${version}/submit`, { reason: 'ready for review' }), 200);
  const contentHash = String(submitted['contentHash']);
  for (const s of signers) must(`approval by ${s.userId}`, await s.call('POST', `/api/v1/recipes/${id}/versions/${version}/approve`, { userId: s.userId, password: s.password, meaning: 'approved', contentHash }), 200);
  return version;
}

/** ServerUnderTest.as as a UserCall. */
export function callAs(server: { as(userId: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<{ statusCode: number; json(): unknown }> }, userId: string): UserCall {
  return async (method, route, body) => {
    const response = await server.as(userId, method, route, body as object | undefined);
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
}
