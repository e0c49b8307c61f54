import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintSdfProject } from '../../tools/sdf-lint/rules';

// These tests read the build output: `npm test` builds first.
const root = path.join(__dirname, '../..');
const projectDir = path.join(root, 'src');
const outputDir = path.join(projectDir, 'FileCabinet/SuiteScripts/stripe-netsuite-connector');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(projectDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe('the SDF project in src/', () => {
  it('passes every lint:sdf rule', () => {
    expect(lintSdfProject({ projectDir, prefix: 'snc' })).toEqual([]);
  });

  it('builds every entry point to AMD that starts with the SuiteScript header', () => {
    const sources = fs.readdirSync(path.join(projectDir, 'suitescript/entrypoints')).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const built = fs.readFileSync(path.join(outputDir, 'entrypoints', source.replace(/\.ts$/, '.js')), 'utf8');
      const lines = built.split('\n');
      expect(lines[0]).toBe('/**');
      const headerEnd = lines.indexOf(' */');
      const header = lines.slice(0, headerEnd).join('\n');
      expect(header).toContain('@NApiVersion 2.1');
      expect(header).toMatch(/@NScriptType \w+/);
      expect(header).toMatch(/@NModuleScope \w+/);
      expect(lines[headerEnd + 1]).toMatch(/^define\(\[/);
    }
  });

  it('packages with the SuiteCloud CLI into a zip holding only what deploy.xml names', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sdf-package-'));
    try {
      fs.cpSync(projectDir, path.join(work, 'src'), { recursive: true });
      fs.copyFileSync(path.join(root, 'suitecloud.config.js'), path.join(work, 'suitecloud.config.js'));
      // A file outside deploy.xml's paths must stay out of the zip.
      fs.writeFileSync(
        path.join(work, 'src/FileCabinet/SuiteScripts/not-deployed.js'),
        'define([], function () {});\n',
      );
      const cli = require.resolve('@oracle/suitecloud-cli/src/suitecloud.js');
      execFileSync(process.execPath, [cli, 'project:package'], { cwd: work, stdio: 'pipe' });
      const zips = fs.readdirSync(path.join(work, 'build')).filter((f) => f.endsWith('.zip'));
      expect(zips).toHaveLength(1);
      const entries = new AdmZip(path.join(work, 'build', zips[0] as string))
        .getEntries()
        .filter((entry) => !entry.isDirectory)
        .map((entry) => entry.entryName)
        .sort();
      const expected = [
        'manifest.xml',
        'deploy.xml',
        ...filesUnder(path.join(projectDir, 'Objects')),
        ...filesUnder(outputDir),
      ].sort();
      expect(entries).toEqual(expected);
      expect(entries).not.toContain('FileCabinet/SuiteScripts/not-deployed.js');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
