import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileAccess } from '../../src/core/files';
import { LineIndex } from '../../src/core/text';
import type { FormatId } from '../../src/formats/formats';
import { Validator } from '../../src/validation/analyze';
import type { Problem } from '../../src/validation/problems';

export const validator = new Validator();
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface Found {
  code: string;
  severity: string;
  /** the text the range covers */
  text: string;
  /** 1-based line:column of the start */
  at: string;
  message: string;
}

export function toFound(text: string, problems: Problem[]): Found[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const pos = index.positionAt(p.start);
    return { code: p.code, severity: p.severity, text: text.slice(p.start, p.end), at: `${pos.line + 1}:${pos.character + 1}`, message: p.message };
  });
}

/** Phase 1 and duplicate keys (no disk). */
export function check(text: string, format: FormatId | 'auto'): Found[] {
  const analysis = validator.analyze(text, format);
  return toFound(text, [...analysis.problems, ...validator.duplicateKeys(analysis)]);
}

export function codes(text: string, format: FormatId | 'auto'): string[] {
  return check(text, format).map((f) => f.code);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'datum-studio-test-'));
}

export function noWorkspace() {
  return nodeFileAccess(async () => []);
}

/** Minimal but valid image headers, enough for image-size to read the dimensions. */
export function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

export function gifHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'ascii');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

export function bmpHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(54);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(54, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

export function jpegHeader(width: number, height: number): Buffer {
  const soi = [0xff, 0xd8];
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([...soi, ...app0, ...sof0, 0xff, 0xd9]);
}

export function webpHeader(width: number, height: number): Buffer {
  // VP8X (extended) chunk: canvas width-1 and height-1 as 24-bit little endian.
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(22, 4);
  b.write('WEBP', 8, 'ascii');
  b.write('VP8X', 12, 'ascii');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return b;
}
