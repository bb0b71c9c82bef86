import type { ReactNode } from 'react';

/** Text for screen readers only, e.g. the header of a table's expand-button column. */
export function VisuallyHidden({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <span
      id={id}
      style={{
        position: 'absolute',
        width: 1,
        height: 1,
        padding: 0,
        margin: -1,
        overflow: 'hidden',
        clipPath: 'inset(50%)',
        whiteSpace: 'nowrap',
        border: 0,
      }}
    >
      {children}
    </span>
  );
}
