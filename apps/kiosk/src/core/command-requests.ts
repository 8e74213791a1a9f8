import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { DEVIATION_SEVERITY_NAMES, REJECTION_DISPOSITION_NAMES, SIGNATURE_MEANING_NAMES, isCommandName, type CommandName, type KioskCommands, type Refusal } from '../shared/api.js';

/**
 * One schema per command request of KioskCommands (shared/api.ts), checked on every request a transport
 * hands the core. Each schema says exactly what the request type says — no more, so a well-typed call
 * always passes — and tsc refuses to build when the two disagree (the check at the end of this file).
 */

/** A closed request object: a member the type does not name is refused. */
const Request = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });
const Empty = Request({});
const Step = { orderId: Type.String(), stepId: Type.String() };
const OverrideApproval = Request({ userId: Type.String(), pin: Type.String(), reason: Type.String() });
const Credentials = Request({ userId: Type.String(), pin: Type.String() });
const PhReading = Request({ ph: Type.String(), mv: Type.String(), temperatureC: Type.String() });

export const COMMAND_REQUESTS = {
  getState: Empty,
  acceptWeight: Request({ timeoutMs: Type.Optional(Type.Number()) }),
  tare: Empty,
  zero: Empty,
  getSession: Empty,
  login: Request({ badgeOrUserId: Type.String(), pin: Type.String() }),
  changePin: Request({ badgeOrUserId: Type.String(), currentPin: Type.String(), newPin: Type.String(), newPinAgain: Type.String() }),
  listLockouts: Empty,
  unlockUser: Request({ userId: Type.String(), byUserId: Type.String(), pin: Type.String(), reason: Type.String() }),
  logout: Empty,
  listOrders: Empty,
  orderProgress: Request({ orderId: Type.String() }),
  startOrder: Request({ orderId: Type.String() }),
  startStep: Request(Step),
  acknowledgeInstruction: Request(Step),
  confirmEquipmentStatus: Request(Step),
  scanLot: Request({ ...Step, scan: Type.String(), manual: Type.Optional(Type.Boolean()), fefoOverride: Type.Optional(OverrideApproval) }),
  selectBalance: Request({ ...Step, balanceId: Type.String() }),
  tareStep: Request(Step),
  acceptWeighing: Request(Step),
  containerLabels: Request(Step),
  reprintLabel: Request({ ...Step, sscc: Type.String() }),
  completeDispense: Request({ ...Step, override: Type.Optional(OverrideApproval) }),
  chargeContainer: Request({ ...Step, scan: Type.String(), notSynced: Type.Optional(OverrideApproval) }),
  completeCharge: Request(Step),
  sign: Request({ ...Step, userId: Type.String(), pin: Type.String(), meaning: Type.Enum(SIGNATURE_MEANING_NAMES), reason: Type.Optional(Type.String()) }),
  scanKeys: Request({ ...Step, keys: Type.Array(Request({ key: Type.String(), at: Type.Number(), ctrlKey: Type.Optional(Type.Boolean()) })) }),
  pauseOrder: Request({ orderId: Type.String(), reason: Type.String() }),
  completeOrder: Request({ orderId: Type.String() }),
  capturePhMeasurement: Request({ ...Step, meterId: Type.String() }),
  recordPhMeasurement: Request({ ...Step, meterId: Type.String(), reading: PhReading, stable: Type.Boolean() }),
  recordSensitivityTest: Request({ equipmentId: Type.String(), testWeightId: Type.String(), reading: Type.String(), stable: Type.Boolean(), verifier: Type.Optional(Credentials) }),
  showBalance: Request({ balanceId: Type.String() }),
  captureSensitivityTest: Request({ equipmentId: Type.String(), testWeightId: Type.String() }),
  recordPhCalibration: Request({ equipmentId: Type.String(), buffers: Type.Array(PhReading) }),
  resumeOrder: Request({ orderId: Type.String() }),
  listRoutineChecks: Empty,
  listHolds: Empty,
  listMasterHolds: Empty,
  listDeviations: Empty,
  openDeviation: Request({ severity: Type.Enum(DEVIATION_SEVERITY_NAMES), title: Type.String(), description: Type.String(), orderId: Type.Optional(Type.String()), stepId: Type.Optional(Type.String()) }),
  signDeviation: Request({ deviationId: Type.String(), userId: Type.String(), pin: Type.String(), meaning: Type.Enum(['reviewed', 'approved']), reason: Type.Optional(Type.String()) }),
  releaseHold: Request({ holdId: Type.String(), userId: Type.String(), pin: Type.String(), reason: Type.String(), second: Type.Optional(Credentials) }),
  placeHold: Request({ kind: Type.Enum(['lot', 'equipment', 'order']), id: Type.String(), reason: Type.String() }),
  listDownReasons: Empty,
  listInstrumentStates: Empty,
  reportEquipmentDown: Request({ equipmentId: Type.String(), reason: Type.String() }),
  reportEquipmentUp: Request({ equipmentId: Type.String() }),
  rejectWeighing: Request({ ...Step, weighingId: Type.String(), reason: Type.String(), disposition: Type.Enum(REJECTION_DISPOSITION_NAMES) }),
} satisfies { [K in CommandName]: TSchema };

/** The refusal of a request that does not fit its command, naming the command, the JSON path and why. */
export type InvalidRequest = Refusal & { readonly code: 'invalid-request' | 'unknown-command' };

type Validator = ReturnType<typeof Compile<TSchema>>;
const validators = new Map<CommandName, Validator>();
function validatorOf(command: CommandName): Validator {
  let validator = validators.get(command);
  if (!validator) {
    validator = Compile(COMMAND_REQUESTS[command] as TSchema);
    validators.set(command, validator);
  }
  return validator;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** The first thing wrong with the request, in words: e.g. '/scan must be a string'. */
function describeError(error: { keyword: string; instancePath: string; params: Record<string, unknown>; message: string }): string {
  const at = error.instancePath === '' ? 'the request' : error.instancePath;
  switch (error.keyword) {
    case 'type':
      return `${at} must be ${article(String(error.params.type))}`;
    case 'required':
      return `${error.instancePath}/${(error.params.requiredProperties as string[] | undefined)?.[0] ?? '?'} is required`;
    case 'boolean':
      // additionalProperties: false — the member itself is the path.
      return `${at} is not part of this request`;
    case 'enum':
      return `${at} must be one of ${(error.params.allowedValues as unknown[] | undefined)?.map(String).join(', ') ?? 'the allowed values'}`;
    default:
      return `${at} ${error.message}`;
  }
}

/** A request that fits its command, typed as that command's request. */
export type CheckedCommand<K extends CommandName = CommandName> = { readonly ok: true; readonly command: K; readonly request: KioskCommands[K]['request'] };

function checkRequest<K extends CommandName>(command: K, request: unknown): CheckedCommand<K> | InvalidRequest {
  const validator = validatorOf(command);
  if (isRequestOf<K>(validator, request)) return { ok: true, command, request };
  const first = validator.Errors(request)[0];
  return { ok: false, code: 'invalid-request', message: `${command}: ${first ? describeError(first) : 'the request does not match'}` };
}

// The compiled schema of command K checks exactly KioskCommands[K]['request'] (the compile-time check below).
function isRequestOf<K extends CommandName>(validator: Validator, request: unknown): request is KioskCommands[K]['request'] {
  return validator.Check(request);
}

/**
 * Checks a command as a transport received it, before any handler runs: an unknown name or a request
 * that does not fit is refused in words; otherwise the command and its request, typed.
 */
export function checkCommand(command: unknown, request: unknown): CheckedCommand | InvalidRequest {
  if (!isCommandName(command)) {
    const name = typeof command === 'string' ? command : (JSON.stringify(command) ?? String(command));
    return { ok: false, code: 'unknown-command', message: `no kiosk command named ${name}` };
  }
  return checkRequest(command, request);
}

/** A call as a transport's wire carries it (ClientMessage), before its command and request are checked. */
export interface WireCall {
  readonly id: number;
  readonly command: unknown;
  readonly request: unknown;
  readonly key: unknown;
}

/** The call in a parsed wire message, or null when it is not one (wrong `t`, no numeric id). */
export function readWireCall(message: unknown): WireCall | null {
  if (typeof message !== 'object' || message === null) return null;
  const fields: Record<string, unknown> = { ...message };
  if (fields.t !== 'call' || typeof fields.id !== 'number') return null;
  // A call without a request means an empty one, as for the commands that take none.
  return { id: fields.id, command: fields.command, request: fields.request ?? {}, key: fields.key };
}

// ---- The schemas and the request types describe the same objects: checked at compile time. ----
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;
/** `Record<string, never>` (no members) is the empty closed object `{}`. */
type Normal<T> = string extends keyof T ? Record<never, never> : Writable<T>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
/** The commands whose schema and request type disagree; tsc names them if there are any. */
type Disagreeing = { [K in CommandName]: Same<Writable<Static<(typeof COMMAND_REQUESTS)[K]>>, Normal<KioskCommands[K]['request']>> extends true ? never : K }[CommandName];
export const SCHEMAS_AGREE_WITH_TYPES: [Disagreeing] extends [never] ? true : { disagreeing: Disagreeing } = true;
