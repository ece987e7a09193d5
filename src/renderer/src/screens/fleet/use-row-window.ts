// Which rows of a long table to render: only those in (or near) the scroll
// box's view, so a fleet of hundreds of hosts opens and filters as fast as a
// small one. Spacer rows above and below keep the scroll bar true to the whole
// list. The box is measured only when it scrolls or resizes (one row's height
// and the view's), never while React renders a new filter: reading layout
// then would force the browser to lay out the table inside the keystroke.
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';

export interface RowWindow {
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly start: number;
  readonly end: number;
  /** Measured height of one row, in pixels (an estimate until a row exists). */
  readonly rowPx: number;
}

interface Viewport {
  readonly scrollTop: number;
  readonly height: number;
  readonly rowPx: number;
}

const OVERSCAN = 12;

export function useRowWindow(count: number, enabled: boolean): RowWindow {
  const ref = useRef<HTMLDivElement | null>(null);
  const [view, setView] = useState<Viewport>({ scrollTop: 0, height: 800, rowPx: 60 });
  useEffect(() => {
    const box = ref.current;
    if (!enabled || !box) return;
    const measure = (): void => {
      const row = box.querySelector<HTMLTableRowElement>('tbody tr[data-row]');
      const measured = row?.getBoundingClientRect().height ?? 0;
      setView((v) => {
        const rowPx = measured > 0 ? measured : v.rowPx;
        return v.scrollTop === box.scrollTop && v.height === box.clientHeight && Math.abs(v.rowPx - rowPx) < 1
          ? v
          : { scrollTop: box.scrollTop, height: box.clientHeight, rowPx };
      });
    };
    const frame = requestAnimationFrame(measure);
    box.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(box);
    return () => {
      cancelAnimationFrame(frame);
      box.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [enabled]);
  const range = useMemo(() => {
    if (!enabled) return { start: 0, end: count };
    const start = Math.min(Math.max(0, Math.floor(view.scrollTop / view.rowPx) - OVERSCAN), Math.max(0, count - 1));
    return { start, end: Math.min(count, start + Math.ceil(view.height / view.rowPx) + 2 * OVERSCAN) };
  }, [count, enabled, view]);
  return { ref, ...range, rowPx: view.rowPx };
}
