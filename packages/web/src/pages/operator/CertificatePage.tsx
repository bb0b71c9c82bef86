import { Typography } from 'antd';

export function CertificatePage() {
  return <Typography.Title level={2}>CertificatePage</Typography.Title>;
}
