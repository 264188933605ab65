// Runs before `npm start` and `npm test`: says in one line which Node.js to install when this one
// is too old, instead of 29 failing suites. The minimum is package.json's `engines.node`.
// Written for any Node.js that can run it at all, so it can speak on old ones too.
import { readFileSync } from 'node:fs';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const minimum = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines);
if (!minimum) {
  process.stderr.write(`scripts/check-node.mjs: cannot read engines.node "${engines}" (expected ">=X.Y.Z")\n`);
  process.exit(2);
}
const wanted = minimum.slice(1).map(Number);
const running = process.versions.node.split('.').map(Number);
const older = wanted.findIndex((part, i) => running[i] !== part);
if (older !== -1 && running[older] < wanted[older]) {
  process.stderr.write(
    `Node.js ${wanted.join('.')} or later is needed (this is ${process.version} at ${process.execPath}): ` +
      'install Node.js 24 LTS from nodejs.org or with `nvm install 24`, or see "Node 24 from the npm registry" in README.md.\n',
  );
  process.exit(1);
}
