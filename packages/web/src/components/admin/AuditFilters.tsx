import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTION_LABELS } from '../../i18n/audit-actions';
import { useLabelLanguage } from '../readable';

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  from?: Dayjs | null;
  to?: Dayjs | null;
}

/** The audit log's filters: actor and target match exactly, action by prefix, time from (inclusive) to (exclusive). */
export function AuditFilters({
  actors,
  target,
  onApply,
}: {
  actors: readonly { value: string; label: string }[];
  /** The object a link asked for (`/audit?target=…`), shown in its field. */
  target: string | undefined;
  onApply: (values: AuditFilterValues) => void;
}) {
  const { t } = useTranslation('admin');
  const language = useLabelLanguage();
  const [form] = Form.useForm<AuditFilterValues>();
  useEffect(() => {
    form.setFieldValue('target', target);
  }, [form, target]);
  // Every action by its name; a typed prefix (certificate.) still narrows to a group.
  const actions = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
    value,
    label: label[language],
  }));
  return (
    <Form<AuditFilterValues>
      form={form}
      layout="vertical"
      onFinish={onApply}
      data-testid="audit-filters"
      style={{ display: 'grid', gap: '0 16px', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}
    >
      <Form.Item name="actor" label={t('audit.actor')} tooltip={t('audit.actorHint')}>
        <AutoComplete
          allowClear
          options={[...actors]}
          showSearch={{
            filterOption: (input, option) =>
              (option?.label ?? '').toLowerCase().includes(input.toLowerCase()),
          }}
          data-testid="audit-actor"
        />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')} tooltip={t('audit.actionHint')}>
        <AutoComplete
          allowClear
          options={actions}
          showSearch={{
            filterOption: (input, option) =>
              (option?.value ?? '').startsWith(input) ||
              (option?.label ?? '').toLowerCase().includes(input.toLowerCase()),
          }}
          data-testid="audit-action"
        />
      </Form.Item>
      <Form.Item name="target" label={t('audit.target')} tooltip={t('audit.targetHint')}>
        <Input allowClear autoComplete="off" data-testid="audit-target" />
      </Form.Item>
      {(['from', 'to'] as const).map((edge) => (
        <Form.Item key={edge} name={edge} label={t(`audit.${edge}`)}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="DD.MM.YYYY HH:mm"
            style={{ width: '100%' }}
            data-testid={`audit-${edge}`}
          />
        </Form.Item>
      ))}
      <Form.Item label={t('audit.apply')} colon={false} labelCol={{ style: { visibility: 'hidden' } }}>
        <Space wrap>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-apply">
            {t('audit.apply')}
          </Button>
          <Button
            icon={<ClearOutlined />}
            onClick={() => {
              form.resetFields();
              onApply({});
            }}
            data-testid="audit-reset"
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
