import { CELL_HEIGHT, GLYPH_HEIGHT, printable, textWidth } from './font';
import { IndexedFramebuffer, type Rect } from './framebuffer';

export const SCREEN_WIDTH = 800;
export const SCREEN_HEIGHT = 600;

/** 0xRRGGBB colours; the framebuffer stores indices into this list. */
export const PALETTE: readonly number[] = [0x1e3a5f, 0x0f2238, 0xffffff, 0xffd166, 0x9be7a0, 0x8fa8c2];
export const COLOUR = { background: 0, band: 1, label: 2, clock: 3, typed: 4, caption: 5 } as const;

/** How many typed characters stay on screen. */
export const TYPED_KEEP = 40;

export interface TextLayout {
  /** What is drawn: printable ASCII only. */
  text: string;
  x: number;
  y: number;
  scale: number;
  colour: number;
}

const MARGIN = 20;
const BAND_HEIGHT = 48;
const CAPTION = 'VANTAGE LAB CONSOLE';
const TYPED_CAPTION = 'Type here, it echoes below:';
const CLOCK_SCALE = 8;
const TYPED_SCALE = 3;

function printableText(text: string): string {
  return Array.from(text, printable).join('');
}

/** The machine's label, as large as fits on one line (truncated with '...' below scale 2). */
export function labelLayout(label: string): TextLayout {
  let text = printableText(label);
  const room = SCREEN_WIDTH - 2 * MARGIN;
  let scale = 6;
  while (scale > 2 && textWidth(text, scale) > room) scale--;
  if (textWidth(text, scale) > room) {
    const fits = Math.floor((room / scale + 1) / 6);
    text = `${text.slice(0, fits - 3)}...`;
  }
  const y = 130 - Math.floor((GLYPH_HEIGHT * scale) / 2);
  return { text, x: Math.floor((SCREEN_WIDTH - textWidth(text, scale)) / 2), y, scale, colour: COLOUR.label };
}

export function clockText(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

export const CLOCK_REGION: Readonly<Rect> = {
  x: Math.floor((SCREEN_WIDTH - textWidth('00:00:00', CLOCK_SCALE)) / 2),
  y: 250,
  width: textWidth('00:00:00', CLOCK_SCALE),
  height: GLYPH_HEIGHT * CLOCK_SCALE,
};

export function clockLayout(text: string): TextLayout {
  return { text, x: CLOCK_REGION.x, y: CLOCK_REGION.y, scale: CLOCK_SCALE, colour: COLOUR.clock };
}

export const TYPED_REGION: Readonly<Rect> = {
  x: 10,
  y: 430,
  width: SCREEN_WIDTH - 20,
  height: GLYPH_HEIGHT * TYPED_SCALE,
};

/** The echo line: a prompt, the last characters typed and a cursor. */
export function typedLayout(typed: string): TextLayout {
  const text = `> ${printableText(typed)}_`;
  return { text, x: TYPED_REGION.x, y: TYPED_REGION.y, scale: TYPED_SCALE, colour: COLOUR.typed };
}

const KEYSYM_BACKSPACE = 0xff08;

/** A region a client may need again: `version` grows whenever its pixels change. */
export interface ScreenRegion {
  readonly rect: Rect;
  version: number;
}

/**
 * The console picture of one machine, shared by every client of its listener (like a real shared desktop):
 * a static backdrop with the label, a clock redrawn lazily when read, and an echo of typed keys.
 */
export class ConsoleScreen {
  readonly framebuffer = new IndexedFramebuffer(SCREEN_WIDTH, SCREEN_HEIGHT);
  /** [whole screen, clock, typed line]; the first never changes after it is drawn. */
  readonly regions: readonly ScreenRegion[];
  private readonly clock: ScreenRegion;
  private readonly typedLine: ScreenRegion;
  private clockShown = '';
  private typed = '';
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.clock = { rect: CLOCK_REGION, version: 0 };
    this.typedLine = { rect: TYPED_REGION, version: 0 };
    this.regions = [{ rect: this.framebuffer.bounds, version: 1 }, this.clock, this.typedLine];
    this.drawBackdrop();
    this.refresh();
    this.drawTyped();
  }

  /** Redraws the clock if the second changed since it was last drawn. */
  refresh(): void {
    const text = clockText(this.now());
    if (text === this.clockShown) return;
    this.clockShown = text;
    this.redraw(this.clock, clockLayout(text));
  }

  /** A key pressed by any client: printable keys are echoed, BackSpace erases; true when the screen changed. */
  keyDown(keysym: number): boolean {
    if (keysym === KEYSYM_BACKSPACE && this.typed.length > 0) {
      this.typed = this.typed.slice(0, -1);
    } else if (keysym >= 0x20 && keysym <= 0x7e) {
      this.typed = (this.typed + String.fromCharCode(keysym)).slice(-TYPED_KEEP);
    } else {
      return false;
    }
    this.drawTyped();
    for (const listener of this.listeners) listener();
    return true;
  }

  /** Called whenever typed text changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private drawBackdrop(): void {
    const fb = this.framebuffer;
    fb.fill(fb.bounds, COLOUR.background);
    fb.fill({ x: 0, y: 0, width: SCREEN_WIDTH, height: BAND_HEIGHT }, COLOUR.band);
    fb.drawText(CAPTION, MARGIN, (BAND_HEIGHT - 2 * GLYPH_HEIGHT) / 2, 2, COLOUR.caption);
    const label = labelLayout(this.label);
    fb.drawText(label.text, label.x, label.y, label.scale, label.colour);
    fb.drawText(TYPED_CAPTION, TYPED_REGION.x, TYPED_REGION.y - 2 * CELL_HEIGHT - 8, 2, COLOUR.caption);
  }

  private drawTyped(): void {
    this.redraw(this.typedLine, typedLayout(this.typed));
  }

  private redraw(region: ScreenRegion, layout: TextLayout): void {
    this.framebuffer.fill(region.rect, COLOUR.background);
    this.framebuffer.drawText(layout.text, layout.x, layout.y, layout.scale, layout.colour);
    region.version++;
  }
}
