import { gs1Command, GS1_HELP } from './gs1.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { labelCommand, LABEL_HELP } from './label.js';
import { listCommand, LIST_HELP } from './list.js';
import { readCommand, READ_HELP } from './read.js';
import { simulateCommand, SIMULATE_HELP } from './simulate.js';

export const HELP = `lineside-devices <command> [options]   (each command has --help)
  exit codes: 0 done, 1 no good reading / could not start / invalid data, 2 usage error,
              3 wrong instrument (serial number differs), 70 internal error

${LIST_HELP}

${READ_HELP}

${SIMULATE_HELP}

${GS1_HELP}

${LABEL_HELP}`;

/** Runs one CLI invocation; returns the exit code (2 = usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
        throw new UsageError('a command is required: list, read, simulate, gs1 or label (see --help)');
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return EXIT.ok;
      case 'list':
        if (args.includes('--help') || args.includes('-h')) {
          io.out(LIST_HELP);
          return 0;
        }
        if (args.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
        return await listCommand(io);
      case 'read':
        return await readCommand(args, io);
      case 'simulate':
        return await simulateCommand(args, io);
      case 'gs1':
        return gs1Command(args, io, new Date());
      case 'label':
        return await labelCommand(args, io);
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; commands: list, read, simulate, gs1, label (see --help)`,
        );
    }
  } catch (error) {
    // node:util parseArgs reports unknown flags and missing values with these codes.
    const code = (error as { code?: string }).code;
    if (
      error instanceof UsageError ||
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      io.err(
        `lineside-devices${command !== undefined ? ` ${command}` : ''}: ${(error as Error).message.split('\n')[0]}`,
      );
      return EXIT.usage;
    }
    throw error;
  }
}
