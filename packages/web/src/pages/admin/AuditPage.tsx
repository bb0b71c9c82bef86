import { Typography } from 'antd';

export function AuditPage() {
  return <Typography.Title level={2}>AuditPage</Typography.Title>;
}
