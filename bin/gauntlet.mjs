#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no build step.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// tsx is resolved from this package, so `gauntlet` works from any working directory.
const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 2);
