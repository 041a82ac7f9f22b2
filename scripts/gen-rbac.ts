/** `npm run gen:rbac`: writes deploy/rbac.yaml from lib/doctor/permissions.ts and lib/rbac/grants.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRbacManifest } from '../lib/rbac/manifest.js';

const file = join(import.meta.dirname, '..', 'deploy', 'rbac.yaml');
writeFileSync(file, renderRbacManifest());
process.stderr.write(`gen-rbac: wrote ${file}\n`);
