// Which rows of a long table to render: only those in (or near) the scroll
// box's view, so a fleet of hundreds of hosts opens and filters as fast as a
// small one. Row height is measured from the rows rendered, not assumed, and
// spacer rows above and below keep the scroll bar true to the whole list.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RowWindow {
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly start: number;
  readonly end: number;
  /** Measured height of one row, in pixels (an estimate until rows exist). */
  readonly rowPx: number;
}

const OVERSCAN = 12;
const FIRST_GUESS_PX = 60;

export function useRowWindow(count: number, enabled: boolean): RowWindow {
  const ref = useRef<HTMLDivElement | null>(null);
  const [state, setState] = useState({ start: 0, end: enabled ? Math.min(count, 40) : count, rowPx: FIRST_GUESS_PX });
  useLayoutEffect(() => {
    const box = ref.current;
    if (!enabled || !box) {
      setState((s) => (s.start === 0 && s.end === count ? s : { ...s, start: 0, end: count }));
      return;
    }
    const update = (): void => {
      const rows = box.querySelectorAll<HTMLTableRowElement>('tbody tr[data-row]');
      const measured = rows.length > 0 ? [...rows].reduce((n, r) => n + r.getBoundingClientRect().height, 0) / rows.length : 0;
      setState((s) => {
        const rowPx = measured > 0 ? measured : s.rowPx;
        const start = Math.max(0, Math.floor(box.scrollTop / rowPx) - OVERSCAN);
        const end = Math.min(count, start + Math.ceil(box.clientHeight / rowPx) + 2 * OVERSCAN);
        return s.start === start && s.end === end && Math.abs(s.rowPx - rowPx) < 1 ? s : { start, end, rowPx };
      });
    };
    update();
    box.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(box);
    return () => {
      box.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [count, enabled]);
  return { ref, ...state, end: Math.min(state.end, count) };
}
