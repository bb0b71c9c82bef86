import {
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Directory, DirectoryTest } from '../../api/types';
import { FormDialog } from '../../components/FormDialog';
import { PROFILE_FIELDS } from '../../components/operator/profile';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

/** Active Directory's attribute for each field, as the server defaults (the form starts from these). */
const AD_MAP: Record<string, string> = {
  login: 'sAMAccountName',
  employeeId: 'employeeID',
  surname: 'sn',
  name: 'givenName',
  patronymic: 'middleName',
  title: 'title',
  position: 'title',
  organizationName: 'company',
  organizationalUnitName: 'department',
  department: 'department',
  email: 'mail',
  phone: 'telephoneNumber',
  locality: 'l',
  state: 'st',
  street: 'streetAddress',
  country: 'c',
};
const MAPPED_FIELDS = ['login', 'employeeId', ...PROFILE_FIELDS] as const;

type Settings = {
  name: string;
  url: string;
  startTls: boolean;
  caCertificate?: string;
  bindDn: string;
  bindPassword?: string;
  baseDn: string;
  userFilter: string;
  pageSize: number;
  timeoutMs: number;
  passwordSignIn: boolean;
  attributeMap: Record<string, string | undefined>;
};

const NEW_DIRECTORY: Partial<Settings> = {
  startTls: false,
  userFilter: '(&(objectCategory=person)(objectClass=user))',
  pageSize: 200,
  timeoutMs: 5000,
  passwordSignIn: false,
  attributeMap: AD_MAP,
};

function bodyOf(values: Settings) {
  const attributeMap = Object.fromEntries(
    Object.entries(values.attributeMap).filter((pair): pair is [string, string] => Boolean(pair[1]?.trim())),
  );
  return {
    name: values.name.trim(),
    url: values.url.trim(),
    startTls: values.startTls,
    caCertificate: values.caCertificate?.trim() ? values.caCertificate : null,
    bindDn: values.bindDn.trim(),
    ...(values.bindPassword ? { bindPassword: values.bindPassword } : {}),
    baseDn: values.baseDn.trim(),
    userFilter: values.userFilter.trim(),
    pageSize: values.pageSize,
    timeoutMs: values.timeoutMs,
    passwordSignIn: values.passwordSignIn,
    attributeMap,
  };
}

/** The administrator's company directories: connect, change, test, remove. */
export function DirectoriesPage() {
  const { t } = useTranslation('directory');
  const { t: to } = useTranslation('operator');
  const list = useLoad(() => call(api.GET('/api/v1/directories')), []);
  const [editing, setEditing] = useState<Directory | 'new'>();
  const [tested, setTested] = useState<{ directory: Directory; result: DirectoryTest }>();
  const [form] = Form.useForm<Settings>();
  const save = useSubmit(async (values: Settings) => {
    const body = bodyOf(values);
    if (editing === 'new') {
      await call(
        api.POST('/api/v1/directories', { body: { ...body, bindPassword: values.bindPassword ?? '' } }),
      );
    } else if (editing) {
      await call(api.PATCH('/api/v1/directories/{id}', { params: { path: { id: editing.id } }, body }));
    }
    setEditing(undefined);
    form.resetFields();
    list.reload();
  });
  const action = useSubmit(async (work: () => Promise<void>) => work());

  const open = (directory: Directory | 'new') => {
    setEditing(directory);
    form.setFieldsValue(
      directory === 'new'
        ? NEW_DIRECTORY
        : { ...directory, caCertificate: directory.caCertificate ?? '', bindPassword: '' },
    );
  };
  const required = [{ required: true, whitespace: true, message: t('required') }];
  const fieldLabel = (field: string) =>
    field === 'login' || field === 'employeeId'
      ? t(`field.${field}`)
      : to(`field.${field}` as 'field.surname');

  return (
    <>
      <PageTitle
        title={t('title')}
        extra={
          <Button
            type="primary"
            onClick={() => {
              open('new');
            }}
            data-testid="directory-add"
          >
            {t('add')}
          </Button>
        }
      />
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <ProblemAlert error={list.error ?? action.error} onRetry={list.reload} />
      <Table<Directory>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('column.name'), dataIndex: 'name' },
          { title: t('column.url'), dataIndex: 'url' },
          { title: t('column.baseDn'), dataIndex: 'baseDn' },
          {
            title: t('column.passwordSignIn'),
            key: 'passwordSignIn',
            render: (_, d) => (d.passwordSignIn ? t('yes') : t('no')),
          },
          {
            title: t('column.actions'),
            key: 'actions',
            render: (_, d) => (
              <Space wrap>
                <Button
                  size="small"
                  loading={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      const result = await call(
                        api.POST('/api/v1/directories/{id}/test', { params: { path: { id: d.id } } }),
                      );
                      setTested({ directory: d, result });
                    })
                  }
                >
                  {t('test')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    open(d);
                  }}
                >
                  {t('edit')}
                </Button>
                <Popconfirm
                  title={t('removeConfirm', { name: d.name })}
                  onConfirm={() =>
                    void action.run(async () => {
                      await call(api.DELETE('/api/v1/directories/{id}', { params: { path: { id: d.id } } }));
                      list.reload();
                    })
                  }
                >
                  <Button size="small" danger>
                    {t('remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormDialog
        open={editing !== undefined}
        title={editing === 'new' || !editing ? t('createTitle') : t('editTitle', { name: editing.name })}
        okText={t('save')}
        okTestId="directory-save"
        width={900}
        submission={save}
        form={form}
        onClose={() => {
          setEditing(undefined);
        }}
      >
        <Form<Settings> form={form} layout="vertical" onFinish={(values) => void save.run(values)}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('field.name')} rules={required}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="url" label={t('field.url')} extra={t('field.urlHint')} rules={required}>
                <Input placeholder="ldaps://dc.corp.example:636" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="bindDn" label={t('field.bindDn')} rules={required}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="bindPassword"
                label={t('field.bindPassword')}
                {...(editing === 'new' ? { rules: required } : { extra: t('field.bindPasswordKeep') })}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="baseDn" label={t('field.baseDn')} rules={required}>
                <Input placeholder="OU=Staff,DC=corp,DC=example" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="userFilter" label={t('field.userFilter')} rules={required}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="pageSize" label={t('field.pageSize')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="timeoutMs" label={t('field.timeoutMs')} rules={[{ required: true }]}>
                <InputNumber min={100} max={60000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="startTls" label={t('field.startTls')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="passwordSignIn" label={t('field.passwordSignIn')} valuePropName="checked">
                <Switch />
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
          </Row>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('field.attributeMap')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('field.attributeMapHint')}</Typography.Paragraph>
          <Row gutter={16}>
            {MAPPED_FIELDS.map((field) => (
              <Col xs={12} md={6} key={field}>
                <Form.Item name={['attributeMap', field]} label={fieldLabel(field)}>
                  <Input />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form>
      </FormDialog>
      <Modal
        open={tested !== undefined}
        title={tested ? t('testTitle', { name: tested.directory.name }) : ''}
        footer={null}
        width={800}
        onCancel={() => {
          setTested(undefined);
        }}
      >
        {tested && (
          <>
            <Typography.Paragraph data-testid="directory-test-result">
              {tested.result.entries.length > 0
                ? t('testResult', { ms: tested.result.elapsedMs })
                : t('testEmpty', { ms: tested.result.elapsedMs })}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="externalId"
              pagination={false}
              dataSource={tested.result.entries}
              columns={[
                { title: 'DN', dataIndex: 'dn' },
                { title: t('field.login'), key: 'login', render: (_, e) => e.values.login },
                { title: to('field.email'), key: 'email', render: (_, e) => e.values.email },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
