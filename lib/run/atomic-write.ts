/**
 * Write a file so that a reader never sees it half-written: a temporary file beside it, then a
 * rename (atomic on one file system). progress.json is read by people and CI while it changes.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  // The pid keeps two writers (the CLI and a reporter) from sharing a temporary file.
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
