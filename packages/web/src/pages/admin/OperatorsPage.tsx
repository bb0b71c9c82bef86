import { Typography } from 'antd';

export function OperatorsPage() {
  return <Typography.Title level={2}>OperatorsPage</Typography.Title>;
}
