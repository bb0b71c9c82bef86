import { Typography } from 'antd';

export function RenewalRequestsPage() {
  return <Typography.Title level={2}>RenewalRequestsPage</Typography.Title>;
}
