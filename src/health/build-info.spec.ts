import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuildInfo } from './build-info';

describe('readBuildInfo', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'build-info-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the name and version of the package.json shipped with the code', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'helpdesk-api', version: '1.2.3', private: true }));
    expect(readBuildInfo(undefined, dir)).toEqual({ name: 'helpdesk-api', version: '1.2.3', commit: null });
    expect(readBuildInfo('90ef34e', dir).commit).toBe('90ef34e');
  });

  it('refuses a manifest without a version rather than reporting an empty one', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'helpdesk-api' }));
    expect(() => readBuildInfo(undefined, dir)).toThrow(/no name or version/);
  });

  it('finds this checkout’s own package.json by default', () => {
    expect(readBuildInfo(undefined).name).toBe('helpdesk-api');
  });
});
