import { parseArgs } from 'node:util';
import { parseElementString } from '../gs1/index.js';
import { UsageError, type CliIo } from './io.js';

export const GS1_HELP = `lineside-devices gs1 <data>
  Parses a GS1 element string or Digital Link (with or without an AIM prefix such as ]d2; GS may be
  written as {GS}) and prints the elements and problems as JSON. Exit code 1 when there are problems.`;

export function gs1Command(args: string[], io: CliIo, today: Date): number {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) {
    io.out(GS1_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(`give exactly one data argument (quote it), got ${positionals.length}`);
  const result = parseElementString(positionals[0]!, {
    today: { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() },
  });
  io.out(JSON.stringify(result));
  return result.problems.length === 0 ? 0 : 1;
}
