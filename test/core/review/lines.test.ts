import { describe, expect, it } from 'vitest';
import { detectEol, endsWithLineBreak, fitToDocument, LineIndex, splitLines, withEol } from '../../../src/core/review/lines';

describe('splitLines', () => {
  it('keeps each line break with its line so joining gives back the exact text', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\rb\n\n', '\r\n\r\n', 'x\ny\r\nz\r']) {
      expect(splitLines(text).join('')).toBe(text);
    }
    expect(splitLines('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(splitLines('a\rb')).toEqual(['a\r', 'b']);
  });
});

describe('line breaks', () => {
  it('detects the dominant line break and falls back when there is none', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\r\n c\n')).toBe('\n');
    expect(detectEol('one line', '\r\n')).toBe('\r\n');
  });

  it('rewrites line breaks and reports a final one', () => {
    expect(withEol('a\nb\r\nc\r', '\r\n')).toBe('a\r\nb\r\nc\r\n');
    expect(endsWithLineBreak('a\n')).toBe(true);
    expect(endsWithLineBreak('a\r')).toBe(true);
    expect(endsWithLineBreak('a')).toBe(false);
  });

  it("fits proposed text to the document's line breaks and final-newline choice", () => {
    expect(fitToDocument('x\ny\n', 'a\r\nb\r\n', '\r\n')).toBe('x\r\ny\r\n');
    expect(fitToDocument('x\ny', 'a\nb\n', '\n')).toBe('x\ny\n');
    expect(fitToDocument('x\ny\n', 'a\nb', '\n')).toBe('x\ny');
    expect(fitToDocument('x\ny', '', '\n')).toBe('x\ny');
  });
});

describe('LineIndex', () => {
  it('maps offsets to lines the way an editor counts them', () => {
    const index = new LineIndex('ab\r\ncd\nef');
    expect(index.lineCount).toBe(3);
    expect(index.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(index.positionAt(4)).toEqual({ line: 1, character: 0 });
    expect(index.positionAt(9)).toEqual({ line: 2, character: 2 });
    expect(new LineIndex('a\n').lineCount).toBe(2);
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('a\nb\n').lineStart(2)).toBe(4);
  });
});
