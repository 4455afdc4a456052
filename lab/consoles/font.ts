/**
 * A 5x7 bitmap font for printable ASCII (32..126): five column bytes per glyph, bit 0 = top row.
 * The classic HD44780-style shapes, so that text on the lab console is readable and tests can re-render it.
 */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** A glyph plus one column and one row of spacing. */
export const CELL_WIDTH = GLYPH_WIDTH + 1;
export const CELL_HEIGHT = GLYPH_HEIGHT + 1;

const FIRST = 32;
const LAST = 126;

const GLYPH_COLUMNS = `
0000000000 00005f0000 0007000700 147f147f14 242a7f2a12 2313086462 3649552250 0005030000
001c224100 0041221c00 14083e0814 08083e0808 0050300000 0808080808 0060600000 2010080402
3e5149453e 00427f4000 4261514946 2141454b31 1814127f10 2745454539 3c4a494930 0171090503
3649494936 064949291e 0036360000 0056360000 0814224100 1414141414 0041221408 0201510906
324979413e 7e1111117e 7f49494936 3e41414122 7f4141221c 7f49494941 7f09090901 3e4149497a
7f0808087f 00417f4100 2040413f01 7f08142241 7f40404040 7f020c027f 7f0408107f 3e4141413e
7f09090906 3e4151215e 7f09192946 4649494931 01017f0101 3f4040403f 1f2040201f 3f4038403f
6314081463 0708700807 6151494543 007f414100 0204081020 0041417f00 0402010204 4040404040
0001020400 2054545478 7f48444438 3844444420 384444487f 3854545418 087e090102 0c5252523e
7f08040478 00447d4000 2040443d00 7f10284400 00417f4000 7c04180478 7c08040478 3844444438
7c14141408 081414187c 7c08040408 4854545420 043f444020 3c4040207c 1c2040201c 3c4030403c
4428102844 0c5050503c 4464544c44 0008364100 00007f0000 0041360800 1008081008
`;

const TABLE: Uint8Array = (() => {
  const hex = GLYPH_COLUMNS.replace(/\s+/g, '');
  const expected = (LAST - FIRST + 1) * GLYPH_WIDTH * 2;
  if (hex.length !== expected)
    throw new Error(`font table has ${hex.length} hex digits, expected ${expected}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
})();

/** The character actually drawn for `char`: anything outside printable ASCII shows as '?'. */
export function printable(char: string): string {
  const code = char.charCodeAt(0);
  return code >= FIRST && code <= LAST && char.length === 1 ? char : '?';
}

/** Whether the glyph for `char` has its pixel at (column, row) set. */
export function glyphPixel(char: string, column: number, row: number): boolean {
  if (column < 0 || column >= GLYPH_WIDTH || row < 0 || row >= GLYPH_HEIGHT) return false;
  const index = (printable(char).charCodeAt(0) - FIRST) * GLYPH_WIDTH + column;
  return (((TABLE[index] ?? 0) >> row) & 1) === 1;
}

/** Width in pixels of `text` drawn at `scale`, without the spacing after the last glyph. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * CELL_WIDTH - 1) * scale;
}
