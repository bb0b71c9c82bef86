import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../ProblemAlert';
import { KEY_SPECS, useKeyStores, type KeySpec } from './keyStores';

export interface KeyValues {
  keyStore: string;
  keySpec: KeySpec;
  validityDays: number;
  /**
   * `pin`: the holder's PIN every time; `device`: the holder's enrolled
   * device alone, no PIN; `none` only for a legal entity: a key its systems
   * use for automatic signing, without a PIN.
   */
  confirmation?: KeyConfirmation;
  pin?: string;
  pinConfirmation?: string;
}

export type KeyConfirmation = 'pin' | 'device' | 'none';

/** A key of these confirmations has no PIN: it is neither asked when issued nor when renewed. */
export function withoutPin(confirmation: KeyConfirmation | undefined): boolean {
  return confirmation === 'none' || confirmation === 'device';
}

export const PIN_MIN = 6;
export const PIN_MAX = 128;

/** The new key PIN typed twice, as «Новый пароль» and «Подтверждение» in the manual; checked before sending. */
export function PinFields() {
  const { t } = useTranslation('operator');
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item
          name="pin"
          label={t('request.pin')}
          extra={t('request.pinHint')}
          rules={[
            { required: true, message: t('request.pinRequired') },
            { min: PIN_MIN, max: PIN_MAX, message: t('request.pinLength') },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="key-pin" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="pinConfirmation"
          label={t('request.pinConfirmation')}
          dependencies={['pin']}
          rules={[
            { required: true, message: t('request.pinRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value) => {
                if (value && value !== getFieldValue('pin')) throw new Error(t('request.pinMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="key-pin-confirmation" />
        </Form.Item>
      </Col>
    </Row>
  );
}

const CONFIRMATION_HINTS = {
  pin: 'request.confirmationPinHint',
  device: 'request.confirmationDeviceHint',
  none: 'request.confirmationNoneHint',
} as const;

/**
 * Where and how the user's key is made: the key store (manual: «Выбор
 * ключевого носителя»), the algorithm it can make, the validity, how each
 * use of the key is confirmed (the PIN, the holder's device, or — a legal
 * entity's systems only — nothing) and the PIN when there is one.
 */
export function KeyFields({ legalEntity = false }: { legalEntity?: boolean }) {
  const { t } = useTranslation('operator');
  const form = Form.useFormInstance<KeyValues>();
  const stores = useKeyStores();
  const chosen = Form.useWatch('keyStore', form) as string | undefined;
  const store = stores.data?.find((candidate) => candidate.id === chosen);
  const specs = store?.keySpecs ?? KEY_SPECS;
  const confirmation = Form.useWatch<KeyConfirmation | undefined>('confirmation', form);

  // A person's key is never used without confirmation: a choice made for a legal entity does not carry over.
  useEffect(() => {
    if (!legalEntity && form.getFieldValue('confirmation') === 'none')
      form.setFieldValue('confirmation', 'pin');
  }, [legalEntity, form]);

  // Once the stores are known, preselect the server's default and an algorithm it can make.
  useEffect(() => {
    const list = stores.data;
    if (!list) return;
    const current = list.find((candidate) => candidate.id === form.getFieldValue('keyStore'));
    const next = current ?? list.find((candidate) => candidate.default) ?? list[0];
    if (!next) return;
    if (!current) form.setFieldValue('keyStore', next.id);
    const spec = form.getFieldValue('keySpec') as KeySpec | undefined;
    if (spec === undefined || !next.keySpecs.includes(spec)) form.setFieldValue('keySpec', next.keySpecs[0]);
  }, [stores.data, chosen, form]);

  return (
    <>
      <ProblemAlert error={stores.error} onRetry={stores.reload} />
      <Row gutter={16}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="keyStore" label={t('request.keyStore')} rules={[{ required: true }]}>
            <Select
              loading={stores.loading}
              data-testid="key-store"
              options={(stores.data ?? []).map((candidate) => ({
                value: candidate.id,
                label: candidate.default
                  ? t('request.keyStoreDefault', { label: candidate.label })
                  : candidate.label,
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="keySpec" label={t('request.keySpec')} rules={[{ required: true }]}>
            <Select
              data-testid="key-spec"
              options={specs.map((spec) => ({ value: spec, label: t(`request.keySpecs.${spec}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item
            name="validityDays"
            label={t('request.validityDays')}
            extra={t('request.validityHint')}
            rules={[
              { required: true, type: 'integer', min: 1, max: 1825, message: t('request.validityHint') },
            ]}
          >
            <InputNumber
              min={1}
              max={1825}
              precision={0}
              style={{ width: '100%' }}
              data-testid="validity-days"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="confirmation"
        label={t('request.confirmation')}
        extra={
          <span data-testid="key-confirmation-hint">{t(CONFIRMATION_HINTS[confirmation ?? 'pin'])}</span>
        }
      >
        <Select
          data-testid="key-confirmation"
          options={[
            { value: 'pin', label: t('request.confirmationPin') },
            { value: 'device', label: t('request.confirmationDevice') },
            ...(legalEntity ? [{ value: 'none', label: t('request.confirmationNone') }] : []),
          ]}
        />
      </Form.Item>
      {!withoutPin(confirmation) && <PinFields />}
    </>
  );
}
