import { CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from '../../../lab/consoles/font';
import { labelLayout } from '../../../lab/consoles/screen';

export interface PixelSample {
  x: number;
  y: number;
  /** Whether the label's glyph covers this pixel (then it is white). */
  on: boolean;
}

/** Where the lab's RFB server draws a label, as sample points: the centre of every scaled glyph pixel. */
export function labelSamples(label: string): PixelSample[] {
  const layout = labelLayout(label);
  const samples: PixelSample[] = [];
  const half = Math.floor(layout.scale / 2);
  Array.from(layout.text).forEach((char, index) => {
    for (let column = 0; column < GLYPH_WIDTH; column++)
      for (let row = 0; row < GLYPH_HEIGHT; row++)
        samples.push({
          x: layout.x + index * CELL_WIDTH * layout.scale + column * layout.scale + half,
          y: layout.y + row * layout.scale + half,
          on: glyphPixel(char, column, row),
        });
  });
  return samples;
}
