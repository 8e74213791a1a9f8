#!/usr/bin/env node
// @ts-check
// Committed so that npm links it at install time; builds dist/ on first use (see scripts/run-built.js).
import { runBuilt } from '../../../scripts/run-built.js';

await runBuilt('lineside-verify', ['packages/sync-protocol/dist/node/verify-cli.js']);
