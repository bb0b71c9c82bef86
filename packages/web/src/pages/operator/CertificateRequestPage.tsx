import { Typography } from 'antd';

export function CertificateRequestPage() {
  return <Typography.Title level={2}>CertificateRequestPage</Typography.Title>;
}
