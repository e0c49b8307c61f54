import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package's version, from relay/package.json (one level above src/ and dist/ alike). */
export function packageVersion(): string {
  try {
    const text = fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
