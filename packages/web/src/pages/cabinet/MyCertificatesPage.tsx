import { Typography } from 'antd';

export function MyCertificatesPage() {
  return <Typography.Title level={2}>MyCertificatesPage</Typography.Title>;
}
