import type { ButtonProps } from 'antd';

/** Button props with a test id, for buttons antd draws itself (a modal's OK), which take no data-* attributes in their type. */
export function buttonWithTestId(testId: string, props: ButtonProps = {}): ButtonProps {
  const withId: ButtonProps & Record<`data-${string}`, string> = { ...props, 'data-testid': testId };
  return withId;
}
