import { Col, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { HrSource, SubjectKind } from '../../api/types';
import { FormDialog } from '../FormDialog';
import { KINDS, PROFILE_FIELDS, SECTIONS, type ProfileField } from '../operator/profile';
import { useSubmit } from '../useSubmit';

export const ENCODINGS = ['auto', 'utf-8', 'windows-1251'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** Fields of the registration besides the profile that a row gives: the personnel number and the login. */
const KEY_FIELDS = ['externalId', 'login'] as const;
/** What is the same for every employee of one employer: the fields a default is offered for. */
const DEFAULT_FIELDS: readonly ProfileField[] = [
  ...SECTIONS.organization.filter((field) => field !== 'title'),
  'innle',
  'ogrn',
  ...SECTIONS.address,
];

type Values = {
  id: string;
  description?: string;
  kind: SubjectKind;
  encoding: Encoding;
  markLeavers: boolean;
  columns: Partial<Record<string, string>>;
  defaults: Partial<Record<string, string>>;
};

/** A 1C:ZUP export's usual headers, so a new source starts close to what most companies have. */
const NEW_SOURCE: Partial<Values> = {
  kind: 'employee',
  encoding: 'auto',
  markLeavers: false,
  columns: {
    externalId: 'Табельный номер',
    surname: 'Фамилия',
    name: 'Имя',
    patronymic: 'Отчество',
    snils: 'СНИЛС',
    title: 'Должность',
    organizationalUnitName: 'Подразделение',
    email: 'E-mail',
  },
  defaults: { country: 'RU' },
};

const filled = (record: Partial<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record).flatMap(([key, value]) => (value?.trim() ? [[key, value.trim()]] : [])),
  );

/** Creates or edits an HR source: its name, holder type, encoding, leavers and the column mapping with defaults. */
export function HrSourceDialog({
  source,
  onClose,
  onSaved,
}: {
  /** The source to edit, 'new' for a new one, undefined when closed. */
  source: HrSource | 'new' | undefined;
  onClose: () => void;
  onSaved: (source: HrSource) => void;
}) {
  const { t } = useTranslation('hr');
  const { t: to } = useTranslation('operator');
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (source === undefined) return;
    form.setFieldsValue(
      source === 'new'
        ? NEW_SOURCE
        : {
            id: source.id,
            description: source.description,
            kind: source.mapping.kind,
            encoding: source.encoding,
            markLeavers: source.markLeavers,
            columns: source.mapping.columns,
            defaults: source.mapping.defaults,
          },
    );
  }, [source, form]);
  const save = useSubmit(async (values: Values) => {
    // Defaults the form does not offer (set through the API) are kept.
    const kept = source === 'new' || !source ? {} : source.mapping.defaults;
    const saved = await call(
      api.PUT('/api/v1/hr/sources/{id}', {
        params: { path: { id: values.id.trim() } },
        body: {
          description: values.description?.trim() ?? '',
          encoding: values.encoding,
          markLeavers: values.markLeavers,
          mapping: {
            kind: values.kind,
            columns: filled(values.columns),
            defaults: {
              ...Object.fromEntries(
                Object.entries(kept).filter(([field]) => !DEFAULT_FIELDS.includes(field as ProfileField)),
              ),
              ...filled(values.defaults),
            },
          },
        },
      }),
    );
    onSaved(saved);
  });
  const required = [{ required: true, whitespace: true, message: t('source.required') }];
  const fieldLabel = (field: string) =>
    field === 'externalId' || field === 'login' ? t(`source.${field}`) : to(`field.${field as ProfileField}`);
  return (
    <FormDialog
      open={source !== undefined}
      title={source === 'new' || !source ? t('source.createTitle') : t('source.editTitle', { id: source.id })}
      okText={t('source.save')}
      okTestId="hr-source-save"
      width={960}
      submission={save}
      form={form}
      onClose={onClose}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void save.run(values)}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="id"
              label={t('source.id')}
              extra={t('source.idHint')}
              rules={[...required, { pattern: /^[a-z0-9][a-z0-9_-]{0,31}$/, message: t('source.idInvalid') }]}
            >
              <Input disabled={source !== 'new'} data-testid="hr-source-id" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="description" label={t('source.description')}>
              <Input data-testid="hr-source-description" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('source.kind')} rules={[{ required: true }]}>
              <Select options={KINDS.map((kind) => ({ value: kind, label: to(`kind.${kind}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="encoding" label={t('source.encoding')} rules={[{ required: true }]}>
              <Select
                options={ENCODINGS.map((encoding) => ({ value: encoding, label: t(`encoding.${encoding}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="markLeavers"
              label={t('source.markLeavers')}
              valuePropName="checked"
              extra={t('source.markLeaversHint')}
            >
              <Switch data-testid="hr-source-mark-leavers" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('source.columns')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('source.columnsHint')}</Typography.Paragraph>
        <Row gutter={16}>
          {[...KEY_FIELDS, ...PROFILE_FIELDS].map((field) => (
            <Col xs={12} md={6} key={field}>
              <Form.Item
                name={['columns', field]}
                label={fieldLabel(field)}
                {...(field === 'externalId' ? { rules: required } : {})}
              >
                <Input data-testid={`hr-column-${field}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('source.defaults')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('source.defaultsHint')}</Typography.Paragraph>
        <Row gutter={16}>
          {DEFAULT_FIELDS.map((field) => (
            <Col xs={12} md={6} key={field}>
              <Form.Item name={['defaults', field]} label={fieldLabel(field)}>
                <Input data-testid={`hr-default-${field}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </FormDialog>
  );
}
