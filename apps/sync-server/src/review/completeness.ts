import { parseDecimal, sub, eq } from '@lineside/domain';
import { GENESIS_HASH } from '@lineside/sync-protocol';
import type { ChainProof, Completeness, CompletenessCheck, Step, Weighing } from './batch-record-schema.js';
import type { SegmentInput } from './assembly-input.js';
import type { Sections } from './sections.js';

/**
 * Proves one kiosk key's chain over the order: every seq from the order's first record to its last is
 * held, each record's prevHash is the hash of the one before (and the segment links to the records
 * around it), every record's hash and Ed25519 signature verify again with the enrolled key, the server
 * acknowledged the last seq (its receipt covers it), and the ingest checks ran on every record.
 */
export function proveChain(segment: SegmentInput, orderId: string): ChainProof {
  const problems: string[] = [];
  const rows = segment.rows;
  const where = `${segment.keyId}`;
  let contiguous = rows.length === segment.toSeq - segment.fromSeq + 1;
  for (const [i, row] of rows.entries()) {
    if (Number(row.seq) !== segment.fromSeq + i) {
      contiguous = false;
      problems.push(`${where}: seq ${segment.fromSeq + i} is missing (next held is seq ${Number(row.seq)})`);
      break;
    }
  }
  if (!contiguous && problems.length === 0) problems.push(`${where}: ${segment.toSeq - segment.fromSeq + 1 - rows.length} record(s) between seq ${segment.fromSeq} and ${segment.toSeq} are missing`);

  let linked = true;
  const expectedBefore = segment.fromSeq === 1 ? GENESIS_HASH : segment.hashBefore;
  if (rows[0] && rows[0].prev_hash !== expectedBefore) {
    linked = false;
    problems.push(expectedBefore === undefined ? `${where}: seq ${segment.fromSeq - 1}, before the order's first record, is not held` : `${where}: seq ${segment.fromSeq} does not link to seq ${segment.fromSeq - 1} (prevHash ${rows[0].prev_hash}, held ${expectedBefore})`);
  }
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.prev_hash !== rows[i - 1]!.hash) {
      linked = false;
      problems.push(`${where}: seq ${Number(rows[i]!.seq)} does not link to seq ${Number(rows[i - 1]!.seq)}`);
    }
  }
  const last = rows[rows.length - 1];
  if (last && segment.prevHashAfter !== undefined && segment.prevHashAfter !== last.hash) {
    linked = false;
    problems.push(`${where}: seq ${segment.toSeq + 1} does not link to seq ${segment.toSeq}, the order's last record`);
  }

  let signaturesVerified = segment.verification !== undefined && rows.length > 0;
  const verification = segment.verification;
  if (!verification) problems.push(`${where}: the server holds no enrolled key ${segment.keyId} to verify with`);
  else if (!verification.ok) {
    signaturesVerified = false;
    const seq = Number(rows[verification.index]?.seq ?? segment.fromSeq + verification.index);
    problems.push(verification.reason === 'bad-signature' ? `${where}: seq ${seq} has a signature that does not verify` : `${where}: seq ${seq} does not verify: ${verification.message}`);
  } else {
    for (const [i, row] of rows.entries()) {
      const envelope = segment.records[i];
      const same = envelope !== null && envelope !== undefined && envelope.seq === Number(row.seq) && envelope.keyId === row.key_id && envelope.kioskId === row.kiosk_id && envelope.prevHash === row.prev_hash && envelope.type === row.type && envelope.id === row.record_id;
      if (verification.hashes[i] !== row.hash || !same) {
        signaturesVerified = false;
        problems.push(`${where}: seq ${Number(row.seq)} ${verification.hashes[i] !== row.hash ? 'does not hash to its stored hash' : 'differs from its stored columns'}`);
      }
    }
  }

  const acknowledged = segment.acknowledgedSeq >= segment.toSeq;
  if (!acknowledged) problems.push(`${where}: the server has acknowledged only up to seq ${segment.acknowledgedSeq}, not seq ${segment.toSeq}`);
  const checked = segment.uncheckedSeqs.size === 0;
  if (!checked) problems.push(`${where}: the ingest checks of ${segment.uncheckedSeqs.size} record(s) have not run yet`);

  return {
    kioskId: segment.kioskId,
    keyId: segment.keyId,
    fromSeq: segment.fromSeq,
    toSeq: segment.toSeq,
    records: rows.length,
    orderRecords: rows.filter((r) => r.order_id === orderId).length,
    firstHash: rows[0]?.hash ?? null,
    lastHash: last?.hash ?? null,
    contiguous,
    linked,
    signaturesVerified,
    acknowledged,
    checked,
    problems,
  };
}

/** A weighing is linked to its device reading: the balance's frame is on the record, and net = gross − tare exactly. */
function weighingProblem(w: Weighing): string | undefined {
  if (!w.balanceId) return `weighing ${w.weighingId} (step ${w.stepId}, container ${w.containerNo}) names no balance`;
  if (!w.rawFrame) return `weighing ${w.weighingId} (step ${w.stepId}, container ${w.containerNo}) carries no balance frame`;
  const [gross, tare, net] = [parseDecimal(w.gross), parseDecimal(w.tare), parseDecimal(w.net)];
  if (!gross.ok || !tare.ok || !net.ok) return `weighing ${w.weighingId} (step ${w.stepId}, container ${w.containerNo}) has a value that is not a decimal`;
  if (!eq(sub(gross.value, tare.value), net.value)) return `weighing ${w.weighingId} (step ${w.stepId}, container ${w.containerNo}): net ${w.net} is not gross ${w.gross} − tare ${w.tare}`;
  return undefined;
}

function stepProblems(steps: readonly Step[], sections: Sections, completed: boolean): string[] {
  const problems: string[] = [];
  for (const step of steps) {
    if (!step.inRecipe) problems.push(`step ${step.stepId} is recorded but is not in the recipe version run`);
    else if (step.completions > 1) problems.push(`step ${step.stepId} is completed ${step.completions} times (${step.records.filter((r) => r.type === 'order.step-completed').map((r) => `${r.keyId} seq ${r.seq}`).join(', ')})`);
    else if (step.completions === 0 && completed && !sections.deviations.some((d) => d.stepId === step.stepId)) problems.push(`step ${step.stepId} (${step.title ?? ''}) has no completion record and no deviation explains it`);
    else if (step.completions === 0 && !completed) problems.push(`step ${step.stepId} (${step.title ?? ''}) is not completed yet`);
  }
  return problems;
}

/** "complete" only when every check holds; otherwise the statement names what is missing. */
export function proveCompleteness(sections: Sections, chains: readonly ChainProof[], orderRows: { started: number; completed: number }): Completeness {
  const completed = orderRows.completed === 1;
  const checks: CompletenessCheck[] = [];
  const check = (id: string, what: string, missing: string[]) => checks.push({ id, ok: missing.length === 0, what, missing });

  check('order-started', 'the order has exactly one start record', orderRows.started === 1 ? [] : [orderRows.started === 0 ? 'the order has no start record' : `the order has ${orderRows.started} start records`]);
  check('order-completed', 'the order has exactly one completion record', orderRows.completed === 1 ? [] : [orderRows.completed === 0 ? 'the order is not completed (no completion record)' : `the order has ${orderRows.completed} completion records`]);
  check('recipe', 'the recipe version run is in the central register', sections.header.recipe && sections.header.recipe.name !== null ? [] : [sections.header.recipe ? `recipe ${sections.header.recipe.id} version ${sections.header.recipe.version} is not in the central register` : 'no recipe is named (no start record)']);
  check('chains', 'every kiosk chain is contiguous over the order, linked, its signatures verified, acknowledged by the server and checked at ingest', chains.length === 0 ? ['no kiosk holds a record of the order'] : chains.flatMap((c) => c.problems));
  check('steps', 'every recipe step is present exactly once, or its absence is explained by a deviation', stepProblems(sections.steps, sections, completed));
  check('weighings', 'every weighing is linked to a device reading (balance frame, net = gross − tare)', sections.weighings.flatMap((w) => weighingProblem(w) ?? []));

  const missing = checks.filter((c) => !c.ok);
  const complete = missing.length === 0;
  const statement = complete
    ? `Complete: ${chains.length} kiosk chain(s) contiguous, linked and verified over the order; ${sections.steps.length} step(s) each present once; ${sections.weighings.length} weighing(s) linked to their device readings.`
    : `Not complete: ${missing.flatMap((c) => c.missing).slice(0, 5).join('; ')}${missing.flatMap((c) => c.missing).length > 5 ? ` (and ${missing.flatMap((c) => c.missing).length - 5} more)` : ''}.`;
  return { complete, statement, checks, chains: [...chains] };
}
