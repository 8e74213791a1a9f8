import type { KeyObject } from 'node:crypto';
import { Compile } from 'typebox/compile';
import { canonicalize } from '../canonical-json.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleSchema, namesOrder, type Bundle } from '../bundle.js';
import { SignedRecordSchema } from '../schemas.js';
import type { SignedRecord } from '../envelope.js';
import { checkAuditEntry } from './audit-entry.js';
import { importPublicKey, keyFingerprint } from './keys.js';
import { chainLinkProblem, sha256, verifyRecordSignature } from './records.js';
import { verifyObjectSignature } from './server-signed.js';

/** What the verifier checked, line by line, and the first failure (README §5.3). */
export interface BundleVerification {
  readonly ok: boolean;
  readonly checks: readonly string[];
  readonly failure?: string;
  readonly orderId?: string;
}

class Refused extends Error {}

const bundleCheck = Compile(BundleSchema);
const recordCheck = Compile(SignedRecordSchema);

function refuse(message: string): never {
  throw new Refused(message);
}

function firstError(check: { Errors(value: unknown): Iterable<{ instancePath?: string; message?: string }> }, value: unknown): string {
  for (const error of check.Errors(value)) return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
  return 'is invalid';
}

/**
 * Verifies a bundle from the spec alone: the server keys and their rotations, the server's manifest, every
 * audit entry, every kiosk key and its enrollment and approval, every record's signature and chain link, every
 * receipt, every review signature's batch-record hash. Stops at the first failure and names it.
 * `pinnedServerKey`: the fingerprint (16 hex) of the server key to trust; the bundle's first key otherwise.
 */
export function verifyBundle(input: unknown, options: { pinnedServerKey?: string } = {}): BundleVerification {
  const checks: string[] = [];
  let orderId: string | undefined;
  try {
    const bundle = checkShape(input);
    orderId = bundle.orderId;
    checks.push(`bundle of order ${bundle.orderId}, format ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}, exported ${bundle.exportedAt} by ${bundle.exportedBy}`);
    const serverKeys = trustServerKeys(bundle, options.pinnedServerKey, checks);
    checkManifest(bundle, serverKeys, checks);
    checkAudit(bundle, serverKeys, checks);
    const kioskKeys = checkKioskKeys(bundle, checks);
    checkChains(bundle, kioskKeys, serverKeys, checks);
    checkReviews(bundle, checks);
    return { ok: true, checks, orderId: bundle.orderId };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, checks, failure: error.message, ...(orderId !== undefined ? { orderId } : {}) };
    throw error;
  }
}

function checkShape(input: unknown): Bundle {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) refuse('not a bundle: the file holds JSON, but not an object');
  const { format, version } = input as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT) refuse(`not a Lineside batch-record bundle: "format" is ${JSON.stringify(format) ?? 'missing'}, expected "${BUNDLE_FORMAT}"`);
  if (version !== BUNDLE_VERSION) refuse(`bundle version ${JSON.stringify(version) ?? '(missing)'} is not supported: this verifier reads version ${BUNDLE_VERSION}`);
  if (!bundleCheck.Check(input)) refuse(`the bundle does not follow the format: ${firstError(bundleCheck, input)}`);
  return input;
}

function importKey(publicKey: string, what: string): KeyObject {
  try {
    return importPublicKey(publicKey);
  } catch (error) {
    return refuse(`${what}: ${(error as Error).message}`);
  }
}

/** The anchor key (pinned, or the bundle's first), and every key a signed rotation leads to from it. */
function trustServerKeys(bundle: Bundle, pinned: string | undefined, checks: string[]): Map<string, KeyObject> {
  const listed = bundle.server.keys.map((k) => ({ ...k, fingerprint: keyFingerprint(k.publicKey) }));
  const anchor = pinned === undefined ? listed[0]! : listed.find((k) => k.fingerprint === pinned.toLowerCase());
  if (!anchor) refuse(`no server key in the bundle has the pinned fingerprint ${pinned}: the bundle is not from that server (it has ${listed.map((k) => `${k.keyId} ${k.fingerprint}`).join(', ')})`);
  const trusted = new Map<string, KeyObject>([[anchor.keyId, importKey(anchor.publicKey, `server key ${anchor.keyId}`)]]);
  checks.push(`server key ${anchor.keyId} (fingerprint ${anchor.fingerprint}) ${pinned === undefined ? 'taken from the bundle: pin it with --server-key <fingerprint>' : 'matches the pinned fingerprint'}`);
  let current = { keyId: anchor.keyId, key: trusted.get(anchor.keyId)! };
  for (let hops = 0; hops < bundle.server.rotations.length; hops++) {
    const rotation = bundle.server.rotations.find((r) => r.previousKeyId === current.keyId);
    if (!rotation) break;
    if (!verifyObjectSignature(rotation, current.key)) refuse(`the rotation from server key ${current.keyId} to ${rotation.serverKeyId} is not signed by ${current.keyId}`);
    const next = importKey(rotation.publicKey, `server key ${rotation.serverKeyId}`);
    trusted.set(rotation.serverKeyId, next);
    checks.push(`server key ${rotation.serverKeyId} (fingerprint ${keyFingerprint(rotation.publicKey)}) vouched for by ${current.keyId} at ${rotation.rotatedAt}`);
    current = { keyId: rotation.serverKeyId, key: next };
  }
  for (const key of listed) {
    const known = trusted.get(key.keyId);
    if (!known) refuse(`server key ${key.keyId} is in the bundle, but no signed rotation from ${anchor.keyId} leads to it`);
    if (keyFingerprint(key.publicKey) !== keyFingerprint(known.export({ type: 'spki', format: 'der' }).toString('base64url'))) refuse(`server key ${key.keyId} in the bundle differs from the key its rotation statement names`);
  }
  return trusted;
}

function serverSigned(what: string, signed: { readonly serverKeyId: string; readonly sig: string }, serverKeys: ReadonlyMap<string, KeyObject>): void {
  const key = serverKeys.get(signed.serverKeyId);
  if (!key) refuse(`${what} is signed by server key ${signed.serverKeyId}, which is not a trusted server key`);
  if (!verifyObjectSignature(signed, key)) refuse(`${what}: the server's signature does not verify with ${signed.serverKeyId}; it was changed after the server made it`);
}

function checkManifest(bundle: Bundle, serverKeys: ReadonlyMap<string, KeyObject>, checks: string[]): void {
  const manifest = bundle.manifest;
  serverSigned('the manifest', manifest, serverKeys);
  for (const field of ['orderId', 'exportedAt', 'exportedBy'] as const) {
    if (manifest[field] !== bundle[field]) refuse(`the bundle says ${field} ${JSON.stringify(bundle[field])}, but the server's manifest says ${JSON.stringify(manifest[field])}`);
  }
  const listed = manifest.chains.map((c) => `${c.keyId} seq ${c.fromSeq}..${c.toSeq}`);
  const present = bundle.chains.map((c) => `${c.keyId} seq ${c.fromSeq}..${c.toSeq}`);
  for (const chain of listed) if (!present.includes(chain)) refuse(`the manifest lists the chain segment ${chain}, which the bundle lacks: records were removed`);
  for (const chain of present) if (!listed.includes(chain)) refuse(`the chain segment ${chain} is not in the server's manifest: it was added or changed`);
  if (listed.join('|') !== present.join('|')) refuse("the chain segments are not in the order of the server's manifest");
  for (const [index, chain] of bundle.chains.entries()) {
    if (chain.orderSeqs.join(',') !== manifest.chains[index]!.orderSeqs.join(',')) refuse(`chain ${chain.keyId}: the order's records it lists (orderSeqs) differ from the server's manifest`);
  }
  const seqs = bundle.audit.map((e) => e.seq);
  for (const seq of manifest.auditSeqs) if (!seqs.includes(seq)) refuse(`the manifest lists audit entry seq ${seq}, which the bundle lacks: it was removed`);
  for (const seq of seqs) if (!manifest.auditSeqs.includes(seq)) refuse(`audit entry seq ${seq} is not in the server's manifest: it was added`);
  const hash = bundle.batchRecord === null ? null : sha256(canonicalize(bundle.batchRecord));
  if (hash !== manifest.batchRecordHash) refuse(`the batch record's hash is ${hash ?? 'none (no batch record)'}, but the server's manifest says ${manifest.batchRecordHash ?? 'none'}: the batch record was changed`);
  checks.push(`manifest signed by server key ${manifest.serverKeyId}: ${manifest.chains.length} chain segment(s), ${manifest.auditSeqs.length} audit entries${hash ? `, batch record ${hash}` : ''}; the bundle holds exactly those (audit log head at export: seq ${manifest.auditHead.seq})`);
}

function checkAudit(bundle: Bundle, serverKeys: ReadonlyMap<string, KeyObject>, checks: string[]): void {
  let previous: Bundle['audit'][number] | undefined;
  let links = 0;
  for (const entry of bundle.audit) {
    if (previous && entry.seq <= previous.seq) refuse(`audit entry seq ${entry.seq} comes after seq ${previous.seq}: the entries were reordered`);
    const check = checkAuditEntry(entry, serverKeys);
    if (!check.ok) refuse(check.message);
    if (previous && entry.seq === previous.seq + 1) {
      if (entry.prevHash !== previous.hash) refuse(`audit entry seq ${entry.seq}: prevHash does not match the hash of seq ${previous.seq}`);
      links++;
    }
    previous = entry;
  }
  checks.push(`${bundle.audit.length} audit entries: each hash recomputed and each server signature verified; ${links} link(s) between consecutive entries verified`);
}

function detailsOf(entry: Bundle['audit'][number]): Record<string, unknown> {
  return typeof entry.details === 'object' && entry.details !== null && !Array.isArray(entry.details) ? entry.details : {};
}

function checkKioskKeys(bundle: Bundle, checks: string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const kioskKey of bundle.kioskKeys) {
    const key = importKey(kioskKey.publicKey, `kiosk key ${kioskKey.keyId}`);
    const fingerprint = keyFingerprint(kioskKey.publicKey);
    if (fingerprint !== kioskKey.fingerprint) refuse(`kiosk key ${kioskKey.keyId}: its public key has fingerprint ${fingerprint}, not the ${kioskKey.fingerprint} the bundle states`);
    const enrolled = bundle.audit.find((e) => e.action === 'kiosk.enrolled' && e.target === kioskKey.kioskId && detailsOf(e)['keyId'] === kioskKey.keyId);
    if (!enrolled) refuse(`kiosk key ${kioskKey.keyId}: no signed audit entry records its enrollment (kiosk.enrolled)`);
    if (detailsOf(enrolled)['fingerprint'] !== fingerprint) refuse(`kiosk key ${kioskKey.keyId}: the key enrolled (audit seq ${enrolled.seq}) has fingerprint ${String(detailsOf(enrolled)['fingerprint'])}, not ${fingerprint}: the key was swapped`);
    const approved = bundle.audit.find((e) => e.action === 'kiosk.approved' && e.target === kioskKey.kioskId && detailsOf(e)['keyId'] === kioskKey.keyId);
    if (!approved) refuse(`kiosk key ${kioskKey.keyId}: no signed audit entry records its approval (kiosk.approved)`);
    const ended = bundle.audit.filter((e) => (e.action === 'kiosk.revoked' || e.action === 'kiosk.quarantined') && e.target === kioskKey.kioskId && (detailsOf(e)['keyId'] === kioskKey.keyId || detailsOf(e)['keyId'] === undefined));
    keys.set(kioskKey.keyId, key);
    checks.push(
      `kiosk key ${kioskKey.keyId} of station ${kioskKey.stationId} (fingerprint ${fingerprint}): enrolled at ${enrolled.at} (audit seq ${enrolled.seq}, code issued by ${String(detailsOf(enrolled)['codeIssuedBy'] ?? '?')}), approved by ${approved.actor} at ${approved.at} (audit seq ${approved.seq})` +
        ended.map((e) => `; ${e.action.slice('kiosk.'.length)} at ${e.at}${e.reason ? ` (${e.reason})` : ''}`).join(''),
    );
  }
  return keys;
}

function checkChains(bundle: Bundle, kioskKeys: ReadonlyMap<string, KeyObject>, serverKeys: ReadonlyMap<string, KeyObject>, checks: string[]): void {
  let orderRecords = 0;
  for (const chain of bundle.chains) {
    const key = kioskKeys.get(chain.keyId);
    const where = `chain ${chain.keyId}`;
    if (!key) refuse(`${where}: its key is not among the bundle's kiosk keys`);
    let prev: { seq: number; hash: string } | undefined;
    const orderSeqs = new Set(chain.orderSeqs);
    if (chain.orderSeqs[0] !== chain.fromSeq || chain.orderSeqs.at(-1) !== chain.toSeq) refuse(`${where}: the segment must start and end with a record of order ${bundle.orderId} (its orderSeqs run ${chain.orderSeqs[0] ?? '-'}..${chain.orderSeqs.at(-1) ?? '-'}, the segment ${chain.fromSeq}..${chain.toSeq})`);
    if (chain.orderSeqs.some((seq, i) => i > 0 && seq <= chain.orderSeqs[i - 1]!)) refuse(`${where}: its orderSeqs are not in ascending order`);
    for (const [index, raw] of chain.records.entries()) {
      const position = `${where}, record ${index + 1} of ${chain.records.length}`;
      if (!recordCheck.Check(raw)) refuse(`${position}${typeof raw['seq'] === 'number' ? ` (seq ${raw['seq']})` : ''}: not a record envelope: ${firstError(recordCheck, raw)}`);
      const record = raw as unknown as SignedRecord;
      if (record.keyId !== chain.keyId || record.kioskId !== chain.kioskId) refuse(`${position} (seq ${record.seq}): signed as ${record.kioskId} ${record.keyId}, not ${chain.kioskId} ${chain.keyId}: a record of another chain was added`);
      if (prev === undefined) {
        if (record.seq !== chain.fromSeq) refuse(`${position}: seq ${record.seq}, but the segment starts at seq ${chain.fromSeq}: its first record was removed or another added`);
        if (record.prevHash !== chain.receipt.fromPrevHash) refuse(`${position} (seq ${record.seq}): prevHash does not match the hash the server's receipt gives for seq ${record.seq - 1}`);
      } else {
        const broken = chainLinkProblem(record, prev);
        if (broken) refuse(`${position}: ${broken}: a record was removed, added or moved`);
      }
      if (record.seq > chain.toSeq) refuse(`${position}: seq ${record.seq} lies beyond the segment's end (seq ${chain.toSeq}): a record was added`);
      const signed = verifyRecordSignature(record, key);
      if (!signed.ok) refuse(`${position} (seq ${record.seq}, ${record.type}): the kiosk's signature does not verify with key ${chain.keyId}: the record was changed after it was signed`);
      if (namesOrder(record, bundle.orderId) && !orderSeqs.has(record.seq)) refuse(`${position} (seq ${record.seq}, ${record.type}) names order ${bundle.orderId}, but the bundle does not count it as the order's`);
      prev = { seq: record.seq, hash: signed.hash };
    }
    if (!prev || prev.seq !== chain.toSeq) refuse(`${where}: the segment should end at seq ${chain.toSeq}, but its records end at ${prev ? `seq ${prev.seq}` : 'nothing'}: records were removed`);
    const receipt = chain.receipt;
    serverSigned(`the receipt of ${where}`, receipt, serverKeys);
    if (receipt.keyId !== chain.keyId || receipt.kioskId !== chain.kioskId || receipt.fromSeq !== chain.fromSeq) refuse(`the receipt of ${where} is for ${receipt.kioskId} ${receipt.keyId} from seq ${receipt.fromSeq}, not this segment`);
    if (receipt.ackedSeq !== prev.seq || receipt.ackedHash !== prev.hash) refuse(`${where}: the server's receipt is for seq ${receipt.ackedSeq} with hash ${receipt.ackedHash}, but the segment ends at seq ${prev.seq} with hash ${prev.hash}`);
    orderRecords += orderSeqs.size;
    checks.push(`${where} (kiosk ${chain.kioskId}) seq ${chain.fromSeq}..${chain.toSeq}: ${chain.records.length} records, ${orderSeqs.size} of order ${bundle.orderId}; every kiosk signature and every seq and prevHash link verified; the server's receipt (${receipt.serverKeyId}, ${receipt.serverTime}) holds seq ${receipt.ackedSeq} = ${receipt.ackedHash}`);
  }
  checks.push(`${orderRecords} record(s) of order ${bundle.orderId} in ${bundle.chains.length} chain segment(s)`);
}

function checkReviews(bundle: Bundle, checks: string[]): void {
  if (bundle.reviews.length === 0) {
    checks.push('no review signature in the bundle: the batch record has not been reviewed');
    return;
  }
  const hash = bundle.batchRecord === null ? null : sha256(canonicalize(bundle.batchRecord));
  for (const review of bundle.reviews) {
    const who = `the "${review.meaning}" signature of ${review.printedName} (${review.userId}) at ${review.signedAt}`;
    if (review.current) {
      if (hash === null) refuse(`${who} signs batch record ${review.batchRecordHash}, but the bundle holds no batch record`);
      if (review.batchRecordHash !== hash) refuse(`${who} signs batch record ${review.batchRecordHash}, but the bundle's batch record hashes to ${hash}: it is not the record that was signed`);
    } else if (review.batchRecordHash === hash) {
      refuse(`${who} is marked as over an earlier content, but it signs the bundle's batch record itself`);
    }
    const entry = bundle.audit.find((e) => e.seq === review.auditSeq);
    if (!entry) refuse(`${who}: its audit entry seq ${review.auditSeq} is not in the bundle`);
    const details = detailsOf(entry);
    const signedHash = details['contentHash'];
    if (signedHash !== review.batchRecordHash) refuse(`${who}: the server's signed audit entry seq ${review.auditSeq} says it signed ${JSON.stringify(signedHash)}, not ${review.batchRecordHash}`);
    for (const [field, value] of [['meaning', review.meaning], ['printedName', review.printedName], ['signedAt', review.signedAt]] as const) {
      if (details[field] !== undefined && details[field] !== value) refuse(`${who}: the server's signed audit entry seq ${review.auditSeq} says ${field} ${JSON.stringify(details[field])}, not ${JSON.stringify(value)}`);
    }
    if (entry.actor !== review.userId) refuse(`${who}: the server's signed audit entry seq ${review.auditSeq} names ${entry.actor} as the signer`);
    checks.push(`${who}: over batch record ${review.batchRecordHash}${review.current ? '' : ' (an earlier content: the review was reopened since; history)'}, recorded in the server's signed audit entry seq ${entry.seq}`);
  }
}
