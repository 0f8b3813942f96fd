import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// What `npm run release:cli` wrote (skipped before it has run): the three binaries are executables of their
// platform with the SEA blob injected and Node's fuse flipped, each carrying what its start needs, and SHA256SUMS
// lists them as they are. The Windows and arm64 binaries cannot run here (the release workflow runs them); this
// reads them. Written by hand: the two header checks are a few fields, no library for PE/ELF is needed for that.
const RELEASE = resolve('release');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const built = existsSync(join(RELEASE, 'SHA256SUMS'));

/** ELF64 little-endian: e_machine, and the notes in its PT_NOTE segments (name → descriptor). */
function elf(b: Buffer): { machine: number; notes: Map<string, Buffer> } {
  expect(b.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  expect(b[4]).toBe(2); // 64-bit
  expect(b[5]).toBe(1); // little-endian
  const notes = new Map<string, Buffer>();
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  for (let i = 0; i < b.readUInt16LE(0x38); i++) {
    const ph = phoff + i * phentsize;
    if (b.readUInt32LE(ph) !== 4) continue; // PT_NOTE
    const start = Number(b.readBigUInt64LE(ph + 8));
    const end = start + Number(b.readBigUInt64LE(ph + 0x20));
    for (let at = start; at + 12 <= end; ) {
      const namesz = b.readUInt32LE(at);
      const descsz = b.readUInt32LE(at + 4);
      const name = b.subarray(at + 12, at + 12 + namesz).toString('latin1').replace(/\0+$/, '');
      const desc = at + 12 + Math.ceil(namesz / 4) * 4;
      notes.set(name, b.subarray(desc, desc + descsz));
      at = desc + Math.ceil(descsz / 4) * 4;
    }
  }
  return { machine: b.readUInt16LE(0x12), notes };
}

/** PE: the COFF machine field (after `MZ`, at e_lfanew: `PE\0\0`). */
function peMachine(b: Buffer): number {
  expect(b.subarray(0, 2).toString('latin1')).toBe('MZ');
  const pe = b.readUInt32LE(0x3c);
  expect(b.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
  return b.readUInt16LE(pe + 4);
}

/** Node's SEA blob starts with this magic (src/node_sea.cc kMagic). */
const SEA_MAGIC = 0x143da20;

describe.skipIf(!built)('the release binaries', () => {
  const read = (f: string) => readFileSync(join(RELEASE, f));

  it('SHA256SUMS lists each binary as it is', () => {
    const lines = readFileSync(join(RELEASE, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[1]).sort()).toEqual(['portdoctor-linux-arm64', 'portdoctor-linux-x64', 'portdoctor-win-x64.exe']);
    for (const line of lines) {
      const [sum, file] = line.split(/\s+/) as [string, string];
      expect(createHash('sha256').update(read(file)).digest('hex'), file).toBe(sum);
    }
  });

  it('win-x64: a PE for AMD64 with the blob as its NODE_SEA_BLOB resource, the fuse flipped, the loader and the CLI inside', () => {
    const b = read('portdoctor-win-x64.exe');
    expect(peMachine(b)).toBe(0x8664);
    expect(b.indexOf(`${FUSE}:1`)).toBeGreaterThan(0);
    expect(b.indexOf(`${FUSE}:0`)).toBe(-1);
    // Resource names are UTF-16: the pinned node.exe has no such resource until postject adds it.
    expect(b.indexOf(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBeGreaterThan(0);
    expect(b.indexOf('cli/portdoctor.cjs')).toBeGreaterThan(0);
    expect(b.indexOf('renderer/index.html')).toBeGreaterThan(0);
  });

  it.each([
    ['portdoctor-linux-arm64', 183, true],
    ['portdoctor-linux-x64', 62, false],
  ] as const)('%s: an ELF for its machine with the blob in a NODE_SEA_BLOB note and the fuse flipped', (file, machine, loader) => {
    const b = read(file);
    const { machine: m, notes } = elf(b);
    expect(m).toBe(machine);
    expect(b.indexOf(`${FUSE}:1`)).toBeGreaterThan(0);
    expect(b.indexOf(`${FUSE}:0`)).toBe(-1);
    const blob = notes.get('NODE_SEA_BLOB');
    expect(blob?.readUInt32LE(0)).toBe(SEA_MAGIC);
    expect((blob as Buffer).indexOf('renderer/index.html')).toBeGreaterThan(0);
    // arm64 runs the CLI through the loader (an asset); the host's binary carries a startup snapshot instead.
    expect((blob as Buffer).indexOf('cli/portdoctor.cjs') > 0).toBe(loader);
  });
});
