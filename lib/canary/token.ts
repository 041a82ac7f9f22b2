/** Canary tokens: random per run, compared by sha256 so reports never carry them in clear. */
import { createHash, randomBytes } from 'node:crypto';

export const newCanaryToken = (): string => `gauntlet-canary-${randomBytes(24).toString('hex')}`;

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');
