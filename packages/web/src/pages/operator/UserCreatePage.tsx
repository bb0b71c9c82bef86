import { Typography } from 'antd';

export function UserCreatePage() {
  return <Typography.Title level={2}>UserCreatePage</Typography.Title>;
}
