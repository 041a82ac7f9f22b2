/**
 * Whether this run was interrupted: the CLI writes the run's marker file before it signals the
 * test workers (lib/run/interrupt.ts), so a test that fails after that moment can tell that the
 * interrupt's undo, not the platform, ended it.
 */
import { existsSync } from 'node:fs';
import { reportFiles } from '../report/report-files.js';
import { runId as currentRunId } from '../run-id.js';

export const runWasInterrupted = (runId: string = currentRunId()): boolean => existsSync(reportFiles(runId).interruptMarker);
