/**
 * The Allure 3 HTML report: `allure generate <allure-results> -o <allure-report>` of the
 * `allure` npm package, run as a child process (its CLI is its supported interface).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InfrastructureError } from '../errors.js';

/** Path of the allure package's CLI script. */
export function allureCli(): string {
  const entry = createRequire(import.meta.url).resolve('allure');
  return join(dirname(entry), '..', 'cli.js');
}

/** Key/value shown on the report's overview (Allure's environment.properties). */
export function writeAllureEnvironment(resultsDir: string, env: Record<string, string>): void {
  // .properties: backslash-escape separators; in keys a space is a separator too.
  const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/([=:])/g, '\\$1');
  const escKey = (s: string): string => esc(s).replace(/ /g, '\\ ');
  writeFileSync(join(resultsDir, 'environment.properties'), Object.entries(env).map(([k, v]) => `${escKey(k)}=${esc(v)}`).join('\n') + '\n');
}

/** Builds the report; returns false when there are no results to build it from. */
export async function generateAllureReport(resultsDir: string, reportDir: string, name: string): Promise<boolean> {
  if (!existsSync(resultsDir) || readdirSync(resultsDir).length === 0) return false;
  const args = [allureCli(), 'generate', resultsDir, '-o', reportDir, '--name', name];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, output }));
  });
  if (code !== 0) {
    throw new InfrastructureError(`allure generate exited with ${code}: ${output.trim().slice(-2000)}`, `Run \`npx allure generate ${resultsDir} -o ${reportDir}\` by hand to see the whole output.`);
  }
  return true;
}
