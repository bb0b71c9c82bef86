import { Form, Input, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SigningFormat, SigningParameters } from './signingApi';

type CadesLevel = 'BES' | 'T' | 'XLT1';
type XadesLevel = 'xmldsig' | 'xades-bes' | 'xades-t';
type XadesMode = 'enveloped' | 'enveloping' | 'detached';
type PadesLevel = 'B-B' | 'B-T';
export type StampPosition = 'bottom-left' | 'bottom-right' | 'top-left' | 'top-right';

/** The signing form's format part: each format's parameters in their own fields, so a switch keeps valid values. */
export interface FormatValues {
  format: SigningFormat;
  cadesLevel: CadesLevel;
  detached: boolean;
  xadesMode: XadesMode;
  xadesLevel: XadesLevel;
  padesLevel: PadesLevel;
  reason?: string;
  location?: string;
  stamp: boolean;
  stampPage: 'first' | 'last';
  stampPosition: StampPosition;
}

/** The server's defaults (formats/*.ts), shown preselected. */
export const FORMAT_DEFAULTS: FormatValues = {
  format: 'cades',
  cadesLevel: 'BES',
  detached: true,
  xadesMode: 'enveloped',
  xadesLevel: 'xades-bes',
  padesLevel: 'B-B',
  stamp: false,
  stampPage: 'last',
  stampPosition: 'bottom-left',
};

const STAMP_WIDTH = 270;
const STAMP_HEIGHT = 80;
const MARGIN = 36;
/**
 * Corners on an A4 portrait page (595 × 842 points), the common case: the
 * stamp's box is given in PDF points from the lower-left corner.
 */
const STAMP_AT: Record<StampPosition, { x: number; y: number }> = {
  'bottom-left': { x: MARGIN, y: MARGIN },
  'bottom-right': { x: 595 - MARGIN - STAMP_WIDTH, y: MARGIN },
  'top-left': { x: MARGIN, y: 842 - MARGIN - STAMP_HEIGHT },
  'top-right': { x: 595 - MARGIN - STAMP_WIDTH, y: 842 - MARGIN - STAMP_HEIGHT },
};

/** The API's `parameters` from the form; `language` is the stamp's, the office's own. */
export function signingParameters(values: FormatValues, language: 'ru' | 'en'): SigningParameters {
  switch (values.format) {
    case 'raw':
      return {};
    case 'cades':
      return { level: values.cadesLevel, detached: values.detached };
    case 'xades':
      return { mode: values.xadesMode, level: values.xadesLevel };
    case 'pades':
      return {
        level: values.padesLevel,
        ...(values.reason ? { reason: values.reason } : {}),
        ...(values.location ? { location: values.location } : {}),
        ...(values.stamp
          ? {
              stamp: {
                page: values.stampPage === 'first' ? 0 : -1,
                ...STAMP_AT[values.stampPosition],
                language,
              },
            }
          : {}),
      };
  }
}

/** The fields of the chosen format (read the server's formats/*.ts for what each accepts). */
export function FormatFields({
  format,
  stamp,
}: {
  format: SigningFormat | undefined;
  stamp: boolean | undefined;
}) {
  const { t } = useTranslation('signing');
  const levels = (values: readonly string[]) =>
    values.map((value) => ({
      value,
      label: t(`sign.levels.${value as CadesLevel | XadesLevel | PadesLevel}`),
    }));
  return (
    <>
      <Form.Item name="format" label={t('sign.format')}>
        <Radio.Group
          optionType="button"
          data-testid="sign-format"
          options={(['cades', 'pades', 'xades', 'raw'] as const).map((value) => ({
            value,
            label: t(`sign.formats.${value}`),
          }))}
        />
      </Form.Item>
      {format === 'cades' && (
        <>
          <Form.Item name="cadesLevel" label={t('sign.level')}>
            <Select
              options={levels(['BES', 'T', 'XLT1'])}
              style={{ maxWidth: 420 }}
              data-testid="sign-cades-level"
            />
          </Form.Item>
          <Form.Item name="detached" valuePropName="checked" label={t('sign.detached')}>
            <Switch data-testid="sign-detached" />
          </Form.Item>
        </>
      )}
      {format === 'xades' && (
        <>
          <Form.Item name="xadesMode" label={t('sign.xadesMode')}>
            <Radio.Group
              options={(['enveloped', 'enveloping', 'detached'] as const).map((value) => ({
                value,
                label: t(`sign.xadesModes.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="xadesLevel" label={t('sign.level')}>
            <Select options={levels(['xmldsig', 'xades-bes', 'xades-t'])} style={{ maxWidth: 420 }} />
          </Form.Item>
        </>
      )}
      {format === 'pades' && (
        <>
          <Form.Item name="padesLevel" label={t('sign.level')}>
            <Select options={levels(['B-B', 'B-T'])} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item name="reason" label={t('sign.reason')}>
            <Input maxLength={200} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item name="location" label={t('sign.location')}>
            <Input maxLength={200} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item name="stamp" valuePropName="checked" label={t('sign.stamp')}>
            <Switch data-testid="sign-stamp" />
          </Form.Item>
          {stamp && (
            <>
              <Form.Item name="stampPage" label={t('sign.stampPage')}>
                <Radio.Group
                  optionType="button"
                  options={(['first', 'last'] as const).map((value) => ({
                    value,
                    label: t(`sign.stampPages.${value}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="stampPosition" label={t('sign.stampPosition')}>
                <Radio.Group
                  optionType="button"
                  options={(['bottom-left', 'bottom-right', 'top-left', 'top-right'] as const).map(
                    (value) => ({
                      value,
                      label: t(`sign.stampPositions.${value}`),
                    }),
                  )}
                />
              </Form.Item>
            </>
          )}
        </>
      )}
    </>
  );
}
