#!/usr/bin/env node
import { isClientCommand, runClient } from './client.js';

// The client commands talk to a server over HTTPS and start without loading
// the server, the database drivers and the CAs (seconds on a small machine,
// paid on every call of a script that signs file by file).
if (isClientCommand(process.argv[2])) await runClient(process.argv);
else await import('./program.js');
