import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Brings its content into view whenever `when` changes to something, so an
 * error answer shown at the top of a long form is seen by an operator who
 * pressed the button at its bottom.
 */
export function ScrollIntoView({ when, children }: { when: unknown; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (when !== undefined && when !== null)
      box.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [when]);
  return <div ref={box}>{children}</div>;
}
