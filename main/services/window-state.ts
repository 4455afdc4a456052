import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeFileAtomic } from './atomic-file';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

const isFiniteInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Remembers where the main window was; a damaged file just means the default size. */
export function windowStateStore(dataDirectory: string) {
  const file = join(dataDirectory, 'window-state.json');
  return {
    async load(): Promise<WindowState> {
      try {
        const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<WindowState>;
        if (!isFiniteInt(raw.width) || !isFiniteInt(raw.height) || raw.width < 400 || raw.height < 300)
          return DEFAULT_WINDOW_STATE;
        return {
          width: raw.width,
          height: raw.height,
          maximized: raw.maximized === true,
          ...(isFiniteInt(raw.x) && isFiniteInt(raw.y) ? { x: raw.x, y: raw.y } : {}),
        };
      } catch {
        return DEFAULT_WINDOW_STATE;
      }
    },
    save: (state: WindowState): Promise<void> => writeFileAtomic(file, JSON.stringify(state)),
  };
}
