import { Tag } from 'antd';
import type { ReactNode } from 'react';

export type Tone = 'green' | 'orange' | 'gold' | 'red' | 'blue' | 'purple' | 'default';

/** Ant Design's preset tag text is too light on its tinted background for WCAG AA; the darkest shade of each is not. */
const TEXT: Record<Tone, string> = {
  green: '#135200',
  orange: '#873800',
  gold: '#613400',
  red: '#820014',
  blue: '#002c8c',
  purple: '#22075e',
  default: '#434343',
};

/** A coloured tag whose words stay readable: colour is never the only cue, and the text has enough contrast. */
export function ToneTag({
  tone,
  children,
  ...data
}: { tone: Tone; children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <Tag color={tone} style={{ color: TEXT[tone] }} {...data}>
      {children}
    </Tag>
  );
}
