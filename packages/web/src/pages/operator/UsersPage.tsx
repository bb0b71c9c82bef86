import { Typography } from 'antd';

export function UsersPage() {
  return <Typography.Title level={2}>UsersPage</Typography.Title>;
}
