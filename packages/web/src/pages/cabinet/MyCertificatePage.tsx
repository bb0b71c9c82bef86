import { Typography } from 'antd';

export function MyCertificatePage() {
  return <Typography.Title level={2}>MyCertificatePage</Typography.Title>;
}
