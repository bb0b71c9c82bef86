import { Typography } from 'antd';

export function CaOverviewPage() {
  return <Typography.Title level={2}>CaOverviewPage</Typography.Title>;
}
