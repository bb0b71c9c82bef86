import { Typography } from 'antd';

export function UserPage() {
  return <Typography.Title level={2}>UserPage</Typography.Title>;
}
