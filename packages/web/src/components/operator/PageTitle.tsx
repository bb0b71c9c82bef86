import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** The page's one h1 (screen readers jump by it), at the size of a section heading since the menu already says where one is. */
export function PageTitle({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Typography.Title
      level={1}
      style={{ margin: 0, fontSize: 24 }}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {children}
    </Typography.Title>
  );
}
