import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { HEALTHZ_PATH } from '../src/core';
import { ENV } from './helpers/fixtures';

/**
 * The relay as a package of its own (issue 15, "The relay, hosted"): it declares exactly the runtime
 * dependencies its code imports, imports nothing from outside relay/, ships its build, starts with its `bin`,
 * and its container recipe refers to files that exist. No network: npm only packs (dry run), nothing installs.
 */
const RELAY = path.join(__dirname, '..');
const ROOT = path.join(RELAY, '..');

interface Manifest {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  files: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(RELAY, 'package.json'), 'utf8')) as Manifest;

function dist(file = ''): string {
  const full = path.join(RELAY, 'dist', file);
  if (!fs.existsSync(path.join(RELAY, 'dist', 'cli.js'))) throw new Error('relay/dist is missing: run `npm run build`');
  return full;
}

const filesIn = (dir: string, ext: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));

/** Module specifiers of `import … from '…'`, `import '…'`, `export … from '…'` and `require('…')`. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return found.filter((s) => s !== '');
}

/** `stripe`, `@scope/name` from `@scope/name/sub`; null for relative paths and Node's own modules. */
function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] ?? ''))
    return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

const minMajor = (range: string): number => {
  const match = /^>=\s*(\d+)/.exec(range.trim());
  if (!match) throw new Error(`not a ">=N" range: ${range}`);
  return Number(match[1]);
};

describe('the relay package', () => {
  it('declares as dependencies exactly the packages its sources and its build import', () => {
    const fromSources = new Set(filesIn(path.join(RELAY, 'src'), '.ts').flatMap(specifiers).map(packageOf));
    const fromBuild = new Set(filesIn(dist(), '.js').flatMap(specifiers).map(packageOf));
    fromSources.delete(null);
    fromBuild.delete(null);
    const declared = Object.keys(manifest.dependencies).sort();
    expect([...fromSources].sort()).toEqual(declared);
    expect([...fromBuild].sort()).toEqual(declared);
    expect(declared).toEqual(['oauth-1.0a', 'stripe']);
  });

  it('imports nothing from outside relay/src', () => {
    for (const file of filesIn(path.join(RELAY, 'src'), '.ts')) {
      for (const spec of specifiers(file).filter((s) => s.startsWith('.'))) {
        const target = path.resolve(path.dirname(file), spec);
        expect(path.relative(path.join(RELAY, 'src'), target).startsWith('..')).toBe(false);
      }
    }
  });

  it('pins each runtime dependency to the version the root lockfile installs', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      expect(lock.packages[`node_modules/${name}`]).toMatchObject({ version });
      // A runtime dependency of a workspace is no longer dev-only in the lockfile.
      expect(lock.packages[`node_modules/${name}`]?.dev).toBeUndefined();
    }
  });

  it("asks in `engines` for at least what every dependency's own `engines` needs", () => {
    const own = minMajor(manifest.engines.node);
    // Node APIs used: global fetch and AbortController, http.Server#closeAllConnections (18.2): all in Node 20.
    expect(own).toBeGreaterThanOrEqual(20);
    for (const name of Object.keys(manifest.dependencies)) {
      const dep = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        engines?: { node?: string };
      };
      if (dep.engines?.node) expect(own).toBeGreaterThanOrEqual(minMajor(dep.engines.node));
    }
  });

  it('ships its build and README, not its sources or tests (npm pack --dry-run)', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: RELAY,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(out) as { name: string; files: { path: string }[] }[];
    const files = (pack?.files ?? []).map((f) => f.path);
    expect(pack?.name).toBe('stripe-netsuite-relay');
    const binFile = Object.values(manifest.bin)[0] ?? '';
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', binFile, manifest.main, manifest.types]),
    );
    expect(files.filter((f) => /^(src|test)\/|\.map$|tsconfig/.test(f))).toEqual([]);
    expect(fs.readFileSync(dist('cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('starts with its bin and one command, serves /healthz, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(RELAY, manifest.bin['stripe-netsuite-relay'] ?? '')], {
      env: { PATH: process.env.PATH, ...ENV, RELAY_PORT: '0', RELAY_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          if (buffered.includes('\n')) resolve(buffered.split('\n')[0] ?? '');
        });
        child.on('exit', () => reject(new Error(`relay exited before listening: ${buffered}`)));
      });
      const start = JSON.parse(first) as { event: string; version: string; health_url: string };
      expect(start).toMatchObject({ event: 'start', level: 'info', version: manifest.version });
      expect(start.health_url.endsWith(HEALTHZ_PATH)).toBe(true);
      const health = await fetch(start.health_url);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', version: manifest.version });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });
});

describe('the container recipe (relay/Dockerfile; not built here: no image registry)', () => {
  const dockerfile = fs.readFileSync(path.join(RELAY, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const instructions = dockerfile
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages = instructions.filter((l) => l.startsWith('FROM '));

  it('builds in one stage and runs from a second one with production dependencies only', () => {
    expect(stages).toHaveLength(2);
    const runtime = instructions.slice(instructions.indexOf(stages[1] ?? ''));
    const installs = runtime.filter((l) => l.startsWith('RUN ') && l.includes('npm install'));
    expect(installs.length).toBeGreaterThan(0);
    for (const line of installs) expect(line).toContain('--omit=dev');
    for (const stage of stages) {
      const major = /FROM node:(\d+)/.exec(stage)?.[1];
      expect(Number(major)).toBeGreaterThanOrEqual(minMajor(manifest.engines.node));
    }
  });

  it('copies only files that exist in relay/ (the build context)', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const line of copies) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const source of sources) expect(fs.existsSync(path.join(RELAY, source))).toBe(true);
    }
    // The build stage packs what package.json's `files` names: README.md must be in the context.
    expect(copies.join(' ')).toContain('README.md');
  });

  it('runs the package bin as a non-root user, with a HEALTHCHECK on /healthz', () => {
    const cmd = instructions.filter((l) => l.startsWith('CMD ')).at(-1);
    expect(JSON.parse(cmd?.slice(4) ?? '[]')).toEqual(Object.keys(manifest.bin));
    const user = instructions.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
    const healthcheck = instructions.find((l) => l.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain(HEALTHZ_PATH);
  });
});
