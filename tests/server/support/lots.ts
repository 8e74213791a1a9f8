import type { LightMyRequestResponse } from 'fastify';
import type { ServerUnderTest } from './server.js';

/** QA changes a lot's status the one way the server allows: a reason and Quinn's e-signature (issue 11). */
export function signedLotStatus(server: ServerUnderTest, lotId: string, status: string, reason: string, signer = 'quinn.qa'): Promise<LightMyRequestResponse> {
  return server.as(signer, 'POST', `/api/v1/master-data/lot/${lotId}/status`, { status, reason, userId: signer, password: server.credentials[signer]!.password, meaning: status === 'released' ? 'released' : 'approved' });
}
