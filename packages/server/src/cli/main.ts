#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { runPodpis } from './run.js';
import { processTerminal } from './terminal.js';

const code = await runPodpis(process.argv.slice(2), processTerminal());
// A failed command ends the process at once, whatever it left open; a successful one ends when its work
// does (`serve` runs on until SIGTERM).
if (code === EXIT.OK) process.exitCode = code;
else process.exit(code);
