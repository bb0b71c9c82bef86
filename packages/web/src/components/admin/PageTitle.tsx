import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's one h1-level heading (the layout has none) with the page's main actions beside it. */
export function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" gap="middle" wrap style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
