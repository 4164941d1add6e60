import * as fs from 'fs';
import * as path from 'path';

/** The package the command ships in. */
export const TOOL_NAME = 'cdk-portcullis';

/**
 * The version of the installed `cdk-portcullis` package: from the nearest `package.json` named `cdk-portcullis` above
 * this file (the same code runs from `lib/` in the repository and `dist/lib/` when installed).
 */
export function toolVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
        if (pkg.name === TOOL_NAME && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // An unreadable package.json of another package: keep looking.
      }
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
