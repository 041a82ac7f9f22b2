#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no build step.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// tsx is resolved from this package, so `gauntlet` works from any working directory. The CLI
// gets a process group of its own, so a terminal's Ctrl-C reaches it exactly once: through
// this wrapper, which forwards SIGINT and SIGTERM (the CLI then undoes what is in flight,
// lib/run/interrupt.ts) and exits with its code.
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', detached: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  process.stderr.write(`gauntlet: could not start the CLI: ${err.message}\n`);
  process.exit(2);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 2)));
