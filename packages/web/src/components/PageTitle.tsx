import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The page's one h1 (screen readers jump by it), at the size of a section heading since the menu already says where one is. */
export function PageHeading({ children, testId }: { children: ReactNode; testId?: string }) {
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

/** A page's heading (the layout has none) with the page's main actions beside it, above the content. */
export function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" gap="middle" wrap style={{ marginBottom: 16 }}>
      <PageHeading>{title}</PageHeading>
      {extra}
    </Flex>
  );
}
