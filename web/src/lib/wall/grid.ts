/** Grid geometry: how many columns/rows of fixed-aspect tiles fill a box best. Pure: unit-tested. */
export interface GridShape {
  cols: number;
  rows: number;
  /** Tile size in CSS pixels (0 when the box is empty). */
  tileWidth: number;
  tileHeight: number;
}

export const TILE_ASPECT = 16 / 9;

/**
 * Chooses the column count that gives the largest tiles for `slots` tiles of `aspect` (w/h) in a
 * `width` x `height` box with `gap` px between tiles. On a 16:9 screen a square layout (16) is 4x4;
 * on a phone in portrait it becomes 2 columns.
 */
export function gridShape(slots: number, width: number, height: number, aspect = TILE_ASPECT, gap = 0): GridShape {
  const n = Math.max(1, Math.floor(slots));
  let best: GridShape = { cols: 1, rows: n, tileWidth: 0, tileHeight: 0 };
  let bestArea = -1;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Skip shapes with an entirely empty last row or column (e.g. 3 cols for 4 tiles).
    if ((rows - 1) * cols >= n) continue;
    const w = Math.max(0, (width - gap * (cols - 1)) / cols);
    const h = Math.max(0, (height - gap * (rows - 1)) / rows);
    const tileWidth = Math.min(w, h * aspect);
    const tileHeight = tileWidth / aspect;
    // Prefer the larger tile; on a tie prefer the shape closer to square (the canonical k x k).
    const area = Math.floor(tileWidth * tileHeight);
    if (area > bestArea || (area === bestArea && Math.abs(cols - rows) < Math.abs(best.cols - best.rows))) {
      bestArea = area;
      best = { cols, rows, tileWidth, tileHeight };
    }
  }
  return best;
}

/** Below this width a portrait screen (a phone) scrolls a full-width grid instead of shrinking tiles to fit. */
export const SCROLL_GRID_MAX_WIDTH = 700;

/** A portrait phone: the grid scrolls vertically. */
export function usesScrollGrid(width: number, height: number): boolean {
  return width > 0 && width < SCROLL_GRID_MAX_WIDTH && width < height;
}

/**
 * Phone layout: tiles as wide as the screen allows (1 column for the 1- and 4-tile layouts,
 * 2 otherwise), as many rows as the page needs; the grid scrolls.
 */
export function scrollGridShape(slots: number, width: number, aspect = TILE_ASPECT, gap = 0): GridShape {
  const n = Math.max(1, Math.floor(slots));
  const cols = n <= 4 ? 1 : 2;
  const tileWidth = Math.max(0, (width - gap * (cols - 1)) / cols);
  return { cols, rows: Math.ceil(n / cols), tileWidth, tileHeight: tileWidth / aspect };
}
