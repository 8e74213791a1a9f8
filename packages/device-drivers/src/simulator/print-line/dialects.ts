// How SBI, A&D and Ohaus balances print, for the simulators. Formats from DEVICES.md §2; the Ohaus
// overload and busy texts and the SBI identity lines are not from a manual [unverified].
import type { BalanceModel, WeightState } from '../balance-model.js';

export const PRINT_LINE_DRIVERS = ['sartorius-sbi', 'and', 'ohaus'] as const;
export type PrintLineDriverName = (typeof PRINT_LINE_DRIVERS)[number];

export type PrintLineAction = 'print' | 'tare' | 'zero' | 'serialNumber' | 'model' | 'firmware';

export interface PrintLineDialect {
  /** the action a received command line asks for; undefined = unknown command */
  actionOf(line: string): PrintLineAction | undefined;
  weightLine(state: WeightState, model: BalanceModel): string;
  identityLine(field: 'serialNumber' | 'model' | 'firmware', model: BalanceModel): string | undefined;
  /** answer to a tare/zero that was done; undefined = silence */
  done?: string;
  /** answer to a tare/zero refused because the load moves or is out of range */
  refused?: string;
  /** answer to an unknown command */
  unknown?: string;
}

const magnitude = (units: bigint, model: BalanceModel): string => model.format(units < 0n ? -units : units);

const SBI: PrintLineDialect = {
  actionOf(line) {
    const command = line.startsWith('\x1b') ? line.slice(1) : undefined;
    return ({ P: 'print', U: 'tare', T: 'tare', V: 'zero', x2_: 'serialNumber', x1_: 'model', x3_: 'firmware' } as const)[command ?? ''];
  },
  weightLine(state, model) {
    if (state.kind === 'overload') return '        High';
    if (state.kind === 'underload') return '         Low';
    if (state.kind === 'error') return `    Err ${state.code}`;
    if (state.kind === 'busy') return '         Cal';
    // 16 bytes: sign, space, 8-character value, space, 3-character unit (blank while unstable), CR LF.
    const sign = state.units < 0n ? '-' : '+';
    return `${sign} ${magnitude(state.units, model).padStart(8)} ${(state.stable ? model.settings.unit : '').padEnd(3)}`;
  },
  identityLine(field, model) {
    if (field === 'serialNumber') return `SerNo ${model.settings.serialNumber}`;
    if (field === 'model') return `Model ${model.settings.model}`;
    return undefined;
  },
};

const AND: PrintLineDialect = {
  actionOf(line) {
    return ({ Q: 'print', T: 'tare', Z: 'zero', '?SN': 'serialNumber', '?ID': 'model' } as const)[line];
  },
  weightLine(state, model) {
    if (state.kind === 'overload') return 'OL,+9999999E+19';
    if (state.kind === 'underload') return 'OL,-9999999E+19';
    if (state.kind === 'error') return 'EC,E00';
    if (state.kind === 'busy') return 'EC,E02';
    const sign = state.units < 0n ? '-' : '+';
    return `${state.stable ? 'ST' : 'US'},${sign}${magnitude(state.units, model).padStart(8, '0')}${model.settings.unit.padStart(3)}`;
  },
  identityLine(field, model) {
    if (field === 'serialNumber') return `SN,${model.settings.serialNumber}`;
    if (field === 'model') return `ID,${model.settings.model}`;
    return undefined;
  },
  done: '\x06',
  refused: 'EC,E11',
  unknown: 'EC,E01',
};

const OHAUS: PrintLineDialect = {
  actionOf(line) {
    return ({ IP: 'print', P: 'print', T: 'tare', Z: 'zero', PSN: 'serialNumber', PV: 'firmware' } as const)[line];
  },
  weightLine(state, model) {
    if (state.kind === 'overload') return 'OVERLOAD';
    if (state.kind === 'underload') return 'UNDERLOAD';
    if (state.kind === 'error') return `Err ${state.code}`;
    if (state.kind === 'busy') return 'BUSY';
    return `${model.format(state.units).padStart(10)} ${model.settings.unit}${state.stable ? '' : ' ?'}`;
  },
  identityLine(field, model) {
    if (field === 'serialNumber') return model.settings.serialNumber;
    if (field === 'firmware') return model.settings.firmware;
    return undefined;
  },
  unknown: 'ES',
};

export const PRINT_LINE_DIALECTS: Record<PrintLineDriverName, PrintLineDialect> = { 'sartorius-sbi': SBI, and: AND, ohaus: OHAUS };
