import {
  App,
  Button,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import { ProblemAlert } from '../ProblemAlert';
import { formatDateTimeSeconds } from '../readable';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';

type PullPath = paths['/api/v1/hr/sources/{id}/pull'];
type HrPull = PullPath['get']['responses'][200]['content']['application/json'];
type PullBody = NonNullable<PullPath['put']['requestBody']>['content']['application/json'];

type Values = {
  url: string;
  authType: 'none' | 'bearer' | 'basic';
  token?: string;
  username?: string;
  password?: string;
  caCertificate?: string;
  intervalMinutes: number;
  recordsPath?: string;
  timeoutSeconds: number;
  maxBytes: number;
  full: boolean;
  enabled: boolean;
};

const NEW_PULL: Values = {
  url: '',
  authType: 'bearer',
  intervalMinutes: 60,
  recordsPath: '',
  timeoutSeconds: 30,
  maxBytes: 16 * 1024 * 1024,
  full: true,
  enabled: true,
};

function valuesOf(pull: HrPull): Values {
  return {
    url: pull.url,
    authType: pull.auth.type,
    username: pull.auth.username ?? '',
    caCertificate: pull.caCertificate ?? '',
    intervalMinutes: pull.intervalMinutes,
    recordsPath: pull.recordsPath,
    timeoutSeconds: pull.timeoutSeconds,
    maxBytes: pull.maxBytes,
    full: pull.full,
    enabled: pull.enabled,
  };
}

function bodyOf(values: Values): PullBody {
  const auth: PullBody['auth'] =
    values.authType === 'bearer'
      ? { type: 'bearer', ...(values.token ? { token: values.token } : {}) }
      : values.authType === 'basic'
        ? {
            type: 'basic',
            username: (values.username ?? '').trim(),
            ...(values.password ? { password: values.password } : {}),
          }
        : { type: 'none' };
  return {
    url: values.url.trim(),
    auth,
    caCertificate: values.caCertificate?.trim() ? values.caCertificate : null,
    intervalMinutes: values.intervalMinutes,
    recordsPath: (values.recordsPath ?? '').trim(),
    timeoutSeconds: values.timeoutSeconds,
    maxBytes: values.maxBytes,
    full: values.full,
    enabled: values.enabled,
  };
}

/** Loads the pull of a source; a source without one (404) is not an error but an empty form. */
async function loadPull(sourceId: string): Promise<HrPull | null> {
  try {
    return await call(api.GET('/api/v1/hr/sources/{id}/pull', { params: { path: { id: sourceId } } }));
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.code === 'HR_PULL_NOT_FOUND') return null;
    throw problem;
  }
}

/**
 * The scheduled pull of one HR source, a self-contained section for the
 * source's page: how the last pull went, "pull now", and (for
 * administrators) the settings — URL, authentication whose token or
 * password is write-only, custom CA, interval, records path and limits.
 */
export function HrPullSettings({ sourceId, editable }: { sourceId: string; editable: boolean }) {
  const { t } = useTranslation('hrPull');
  const { t: te } = useTranslation('errors');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const pull = useLoad(async () => {
    const loaded = await loadPull(sourceId);
    form.setFieldsValue(loaded ? valuesOf(loaded) : NEW_PULL);
    return loaded;
  }, [sourceId]);
  const save = useSubmit(async (values: Values) => {
    await call(
      api.PUT('/api/v1/hr/sources/{id}/pull', { params: { path: { id: sourceId } }, body: bodyOf(values) }),
    );
    void message.success(t('saved'));
    pull.reload();
  });
  const action = useSubmit(async (work: () => Promise<void>) => work());
  const authType = Form.useWatch('authType', form);
  const current = pull.data ?? null;
  const required = [{ required: true, whitespace: true, message: t('required') }];
  const secretRules = current?.auth.type === authType && current.auth.secretSaved ? [] : required;
  const secretExtra = secretRules.length === 0 ? t('field.secretKeep') : undefined;

  // A failed pull is recorded too: the status reloads whatever the answer.
  const pullNow = () =>
    void action
      .run(async () => {
        const outcome = await call(
          api.POST('/api/v1/hr/sources/{id}/pull/run', { params: { path: { id: sourceId } } }),
        );
        void message.success(outcome.status === 'unchanged' ? t('pulledUnchanged') : t('pulledImported'));
      })
      .finally(pull.reload);

  const lastError = current?.lastError ?? null;
  const errorCode = lastError?.match(/^([A-Z_]+): /)?.[1];

  return (
    <section aria-labelledby={`hr-pull-${sourceId}`} data-testid="hr-pull-settings">
      <Typography.Title level={2} style={{ fontSize: 16 }} id={`hr-pull-${sourceId}`}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <ProblemAlert error={pull.error ?? action.error ?? save.error} onRetry={pull.reload} />
      {current ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('status.title')}>
            <span data-testid="hr-pull-status">
              {current.lastPullAt
                ? `${formatDateTimeSeconds(current.lastPullAt)} — ${t(`status.${current.lastStatus ?? 'failed'}`)}`
                : t('status.never')}
            </span>
          </Descriptions.Item>
          {lastError && (
            <Descriptions.Item label={t('status.error')}>
              {errorCode ? te(errorCode, { defaultValue: '' }) : ''}{' '}
              <Typography.Text type="secondary">{lastError.replace(/^[A-Z_]+: /, '')}</Typography.Text>
            </Descriptions.Item>
          )}
          {current.lastJobId && (
            <Descriptions.Item label={t('status.job')}>{current.lastJobId}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('status.next')}>
            {current.enabled ? formatDateTimeSeconds(current.nextPullAt) : '—'}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        !pull.loading && <Typography.Paragraph>{t('notConfigured')}</Typography.Paragraph>
      )}
      {current && (
        <Space style={{ marginBottom: 16 }}>
          <Button onClick={pullNow} loading={action.busy} data-testid="hr-pull-now">
            {t('pullNow')}
          </Button>
          {editable && (
            <Popconfirm
              title={t('removeConfirm')}
              onConfirm={() =>
                void action.run(async () => {
                  await call(
                    api.DELETE('/api/v1/hr/sources/{id}/pull', { params: { path: { id: sourceId } } }),
                  );
                  form.setFieldsValue(NEW_PULL);
                  pull.reload();
                })
              }
            >
              <Button danger>{t('remove')}</Button>
            </Popconfirm>
          )}
        </Space>
      )}
      {editable && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={NEW_PULL}
          onFinish={(values) => void save.run(values)}
        >
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item name="url" label={t('field.url')} extra={t('field.urlHint')} rules={required}>
                <Input placeholder="https://hr.corp.example/api/employees" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="authType" label={t('field.authType')}>
                <Select
                  options={[
                    { value: 'none', label: t('field.authNone') },
                    { value: 'bearer', label: t('field.authBearer') },
                    { value: 'basic', label: t('field.authBasic') },
                  ]}
                />
              </Form.Item>
            </Col>
            {authType === 'bearer' && (
              <Col xs={24} md={12}>
                <Form.Item name="token" label={t('field.token')} rules={secretRules} extra={secretExtra}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            )}
            {authType === 'basic' && (
              <>
                <Col xs={24} md={12}>
                  <Form.Item name="username" label={t('field.username')} rules={required}>
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="password"
                    label={t('field.password')}
                    rules={secretRules}
                    extra={secretExtra}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="recordsPath" label={t('field.recordsPath')} extra={t('field.recordsPathHint')}>
                <Input placeholder="data.employees" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name="intervalMinutes"
                label={t('field.intervalMinutes')}
                rules={[{ required: true }]}
              >
                <InputNumber min={5} max={10080} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="timeoutSeconds" label={t('field.timeoutSeconds')} rules={[{ required: true }]}>
                <InputNumber min={1} max={300} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="maxBytes" label={t('field.maxBytes')} rules={[{ required: true }]}>
                <InputNumber min={1024} max={32 * 1024 * 1024} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                name="caCertificate"
                label={t('field.caCertificate')}
                extra={t('field.caCertificateHint')}
              >
                <Input.TextArea rows={3} placeholder="-----BEGIN CERTIFICATE-----" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="full" label={t('field.full')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="enabled" label={t('field.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={save.busy} data-testid="hr-pull-save">
            {t('save')}
          </Button>
        </Form>
      )}
    </section>
  );
}
