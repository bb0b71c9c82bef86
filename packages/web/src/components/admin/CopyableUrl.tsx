import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A service URL people paste into other systems, with a copy button. CA
 * certificates and CRLs are links; OCSP and TSA answer only POSTed requests,
 * so their URLs are plain text (`link={false}`).
 */
export function CopyableUrl({ url, testId, link = true }: { url: string; testId?: string; link?: boolean }) {
  const { t } = useTranslation();
  const copyable = { text: url, tooltips: [t('copy'), t('copied')] };
  const style = { wordBreak: 'break-all' } as const;
  return link ? (
    <Typography.Link href={url} data-testid={testId} style={style} copyable={copyable}>
      {url}
    </Typography.Link>
  ) : (
    <Typography.Text code data-testid={testId} style={style} copyable={copyable}>
      {url}
    </Typography.Text>
  );
}
