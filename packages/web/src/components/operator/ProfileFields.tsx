import { Col, Form, Input, Radio, Row, Space, Switch, Typography, type FormRule } from 'antd';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile, SubjectKind } from '../../api/types';
import { defined } from './defined';
import {
  fieldProblems,
  isRelevant,
  KINDS,
  requiredFields,
  SECTIONS,
  type ProfileField,
  type ProfileValues,
  type Section,
} from './profile';

const HINTED = ['commonName', 'country', 'state', 'inn', 'innle', 'snils', 'ogrn', 'ogrnip'] as const;
type HintedField = (typeof HINTED)[number];

function isHinted(field: ProfileField): field is HintedField {
  return (HINTED as readonly string[]).includes(field);
}

const NUMERIC = new Set<ProfileField>(['inn', 'innle', 'snils', 'ogrn', 'ogrnip']);

/** Browser autofill hints for the fields that have one, so an operator's browser does not offer its own data. */
const INPUT_TYPES: Partial<Record<ProfileField, string>> = { email: 'email', phone: 'tel' };

/**
 * The registration form's fields (holder type, qualified-certificate subject,
 * contacts), for use inside an antd Form whose values are ProfileValues.
 * Each field is checked as it is typed by the same validator the server
 * runs, so check-digit and required-field mistakes show before sending.
 * Only the fields the chosen holder type uses are shown; a switch shows the
 * rest, and a field that already holds a value is never hidden.
 */
export function ProfileFields({ filled }: { filled?: Profile }) {
  const { t } = useTranslation('operator');
  const form = Form.useFormInstance<ProfileValues>();
  const watched = Form.useWatch('kind', form) as SubjectKind | undefined;
  const kind: SubjectKind = watched ?? filled?.kind ?? 'person';
  const [showAll, setShowAll] = useState(false);
  const switchId = useId();
  const required = useMemo(() => requiredFields(kind), [kind]);

  const visible = (field: ProfileField) => showAll || isRelevant(kind, field) || Boolean(filled?.[field]);

  const rule = (field: ProfileField): FormRule => ({
    validator: async () => {
      const values = form.getFieldsValue() as Partial<ProfileValues>;
      const [problem] = fieldProblems(values, values.kind ?? kind, field);
      if (problem) throw new Error(t(`problem.${problem.code}`));
    },
  });

  const section = (name: Section) => {
    const fields = SECTIONS[name].filter(visible);
    if (fields.length === 0) return null;
    return (
      <fieldset key={name} style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ border: 0, marginBottom: 0 }}>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 8 }}>
            {t(`section.${name}`)}
          </Typography.Title>
        </legend>
        <Row gutter={16}>
          {fields.map((field) => (
            <Col key={field} xs={24} md={12} xl={8}>
              <Form.Item
                name={field}
                label={t(`field.${field}`)}
                required={required.has(field)}
                dependencies={['kind']}
                rules={[rule(field)]}
                {...(isHinted(field) ? { extra: t(`hint.${field}`) } : {})}
                {...(field === 'country' ? { normalize: (value: string) => value.toUpperCase() } : {})}
              >
                <Input
                  data-testid={`profile-${field}`}
                  maxLength={field === 'country' ? 2 : 256}
                  autoComplete="off"
                  {...(NUMERIC.has(field) ? { inputMode: 'numeric' as const } : {})}
                  {...defined({ type: INPUT_TYPES[field] })}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </fieldset>
    );
  };

  return (
    <>
      <Form.Item name="kind" label={t('section.kind')} rules={[{ required: true }]}>
        <Radio.Group
          data-testid="profile-kind"
          options={KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))}
        />
      </Form.Item>
      <Space style={{ marginBottom: 8 }}>
        <Switch
          id={switchId}
          size="small"
          checked={showAll}
          onChange={setShowAll}
          data-testid="show-all-fields"
        />
        <label htmlFor={switchId}>{t('showAllFields')}</label>
      </Space>
      {(Object.keys(SECTIONS) as Section[]).map(section)}
    </>
  );
}
