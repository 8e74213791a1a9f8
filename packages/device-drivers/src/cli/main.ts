#!/usr/bin/env node
import { EXIT, processIo } from './io.js';
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
} catch (error) {
  // A bug, not the operator's doing: one line, and the stack only when asked for.
  process.stderr.write(
    `lineside-devices: internal error: ${error instanceof Error ? error.message : String(error)}${process.env['LINESIDE_DEBUG'] ? `\n${(error as Error).stack ?? ''}` : ''}\n`,
  );
  process.exitCode = EXIT.internal;
}
