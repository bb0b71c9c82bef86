import { useId, type CSSProperties, type ReactNode } from 'react';

const FRAME: CSSProperties = {
  background: '#fff',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
};
const HEADER: CSSProperties = {
  margin: 0,
  padding: '16px 24px',
  borderBottom: '1px solid #f0f0f0',
  fontSize: 16,
  fontWeight: 600,
  lineHeight: 1.5,
  color: 'rgba(0, 0, 0, 0.88)',
};

/**
 * A titled white panel that looks like Ant Design's Card. The sign-in page
 * uses it instead of Card because Card brings Tabs, Dropdown and Menu with
 * it (for its tab list), which every cold visit would download for nothing.
 */
export function Panel({
  title,
  children,
  style,
  'data-testid': testId,
}: {
  title: ReactNode;
  children: ReactNode;
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} style={{ ...FRAME, ...style }} data-testid={testId}>
      <h2 id={id} style={HEADER}>
        {title}
      </h2>
      <div style={{ padding: 24 }}>{children}</div>
    </section>
  );
}
