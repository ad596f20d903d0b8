// Which machine a native library was built for, read from its header (ELF or PE). Loading a
// 32-bit sdtapi.dll into the 64-bit app fails with Windows error 193, whose text the system gives
// in the user's language; reading the header first lets the app say what is wrong in any locale.
import fs from 'node:fs';

export type LibraryArch = 'ia32' | 'x64' | 'arm' | 'arm64' | 'other';

export interface LibraryHeader {
  format: 'elf' | 'pe';
  arch: LibraryArch;
  bits: 32 | 64;
}

function elfArch(machine: number): LibraryArch {
  switch (machine) {
    case 3: return 'ia32';
    case 62: return 'x64';
    case 40: return 'arm';
    case 183: return 'arm64';
    default: return 'other';
  }
}

function peArch(machine: number): LibraryArch {
  switch (machine) {
    case 0x014c: return 'ia32';
    case 0x8664: return 'x64';
    case 0x01c0:
    case 0x01c4: return 'arm';
    case 0xaa64: return 'arm64';
    default: return 'other';
  }
}

/** The header of a library file, or null when it is neither ELF nor PE (or cannot be read). */
export function readLibraryHeader(file: string): LibraryHeader | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
      const bits = head[4] === 1 ? 32 : head[4] === 2 ? 64 : null;
      if (bits === null) return null;
      const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
      return { format: 'elf', arch: elfArch(machine), bits };
    }
    if (n >= 64 && head[0] === 0x4d && head[1] === 0x5a) {
      const peOffset = head.readUInt32LE(0x3c);
      const pe = Buffer.alloc(6);
      if (fs.readSync(fd, pe, 0, 6, peOffset) !== 6 || pe.readUInt32BE(0) !== 0x50450000) return null;
      const arch = peArch(pe.readUInt16LE(4));
      return { format: 'pe', arch, bits: arch === 'x64' || arch === 'arm64' ? 64 : 32 };
    }
    return null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

const archLabels: Record<LibraryArch, string> = { ia32: '32位(x86)', x64: '64位(x64)', arm: '32位(ARM)', arm64: '64位(ARM)', other: '其他架构' };

export function archLabel(arch: string): string {
  return archLabels[arch as LibraryArch] ?? arch;
}
