import * as path from 'node:path';
import { formatFinding, lintSdfProject } from './rules';

// Usage: node dist/tools/sdf-lint/cli.js [projectDir] — defaults to ./src with prefix snc.
const projectDir = path.resolve(process.argv[2] ?? 'src');
const findings = lintSdfProject({ projectDir, prefix: 'snc' });
for (const finding of findings) console.error(formatFinding(finding));
if (findings.length > 0) {
  console.error(`lint:sdf: ${findings.length} problem(s) in ${projectDir}`);
  process.exitCode = 1;
} else {
  console.log(`lint:sdf: ${projectDir} passes every SDF rule`);
}
