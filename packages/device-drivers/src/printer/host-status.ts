// Zebra ~HS (host status) reply: three <STX>…<ETX><CR><LF> strings (ZPL II Programming Guide, ~HS).
//   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b paper out, c pause, eee formats in the receive buffer, f buffer full
//   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www   o head up, p ribbon out, uuuuuuuu labels remaining in the batch
//   3: xxxx,y                             password, static RAM installed
// Pure: the driver parses it, the simulator writes it.

export const STX = '\x02';
export const ETX = '\x03';

export interface PrinterHostStatus {
  readonly paperOut: boolean;
  readonly paused: boolean;
  readonly headUp: boolean;
  readonly ribbonOut: boolean;
  readonly bufferFull: boolean;
  readonly formatsInBuffer: number;
  readonly labelsRemaining: number;
}

export function formatHostStatus(s: PrinterHostStatus): string {
  const flag = (b: boolean) => (b ? '1' : '0');
  const line1 = `030,${flag(s.paperOut)},${flag(s.paused)},1200,${String(s.formatsInBuffer).padStart(3, '0')},${flag(s.bufferFull)},0,0,000,0,0,0`;
  const line2 = `001,0,${flag(s.headUp)},${flag(s.ribbonOut)},0,2,6,0,${String(s.labelsRemaining).padStart(8, '0')},1,000`;
  const line3 = '1234,0';
  return [line1, line2, line3].map((l) => `${STX}${l}${ETX}\r\n`).join('');
}

/** The three fields strings of a ~HS reply (without STX/ETX), or a reason it is not one. */
export function parseHostStatus(
  strings: readonly string[],
): { ok: true; value: PrinterHostStatus } | { ok: false; code: 'bad-host-status'; message: string } {
  const [one, two] = strings.map((s) => s.split(','));
  if (!one || !two || one.length < 12 || two.length < 11)
    return {
      ok: false,
      code: 'bad-host-status',
      message: `~HS reply is not three host status strings: ${JSON.stringify(strings)}`,
    };
  const bit = (v: string | undefined) => v === '1';
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN);
  const value: PrinterHostStatus = {
    paperOut: bit(one[1]),
    paused: bit(one[2]),
    formatsInBuffer: num(one[4]),
    bufferFull: bit(one[5]),
    headUp: bit(two[2]),
    ribbonOut: bit(two[3]),
    labelsRemaining: num(two[8]),
  };
  if (Number.isNaN(value.formatsInBuffer) || Number.isNaN(value.labelsRemaining))
    return {
      ok: false,
      code: 'bad-host-status',
      message: `~HS reply has non-numeric counts: ${JSON.stringify(strings)}`,
    };
  return { ok: true, value };
}

/** Why a printer with this status cannot print now, in the operator's words; undefined when it can. */
export function printerNotReady(
  s: PrinterHostStatus,
):
  { code: 'paper-out' | 'paused' | 'head-open' | 'ribbon-out' | 'buffer-full'; message: string } | undefined {
  if (s.paperOut)
    return { code: 'paper-out', message: 'the printer is out of labels — load labels and close the head' };
  if (s.headUp) return { code: 'head-open', message: 'the printer head is open — close it' };
  if (s.ribbonOut) return { code: 'ribbon-out', message: 'the printer is out of ribbon — load ribbon' };
  if (s.paused)
    return { code: 'paused', message: 'the printer is paused — press PAUSE on the printer to resume' };
  if (s.bufferFull)
    return { code: 'buffer-full', message: 'the printer buffer is full — wait for it to print' };
  return undefined;
}
