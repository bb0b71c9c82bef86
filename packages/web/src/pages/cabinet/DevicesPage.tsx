import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DeviceList } from '../../components/devices/DeviceList';
import { PageTitle } from '../../components/PageTitle';

const ME = { kind: 'me' } as const;

/** «Мои устройства»: the holder's devices that approve uses of their keys (docs/mobile-confirmation.md). */
export function DevicesPage() {
  const { t } = useTranslation('devices');
  return (
    <>
      <PageTitle title={t('title')} />
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <DeviceList owner={ME} />
    </>
  );
}
