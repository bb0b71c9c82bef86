import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  from?: Dayjs | null;
  to?: Dayjs | null;
}

/** Prefixes of the server's audit actions, offered so people need not know them by heart. */
const ACTION_PREFIXES = [
  'certificate.',
  'key.',
  'crl.',
  'ca.',
  'user.',
  'operator.',
  'admin.',
  'account.',
  'session.',
  'api_token.',
] as const;

/** The audit log's filters: actor and target match exactly, action by prefix, time from (inclusive) to (exclusive). */
export function AuditFilters({
  actors,
  onApply,
}: {
  actors: readonly { value: string; label: string }[];
  onApply: (values: AuditFilterValues) => void;
}) {
  const { t } = useTranslation('admin');
  const [form] = Form.useForm<AuditFilterValues>();
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
          options={ACTION_PREFIXES.map((prefix) => ({ value: prefix }))}
          showSearch={{ filterOption: (input, option) => (option?.value ?? '').startsWith(input) }}
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
