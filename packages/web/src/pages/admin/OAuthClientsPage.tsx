import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { FormDialog } from '../../components/FormDialog';
import { PageTitle } from '../../components/PageTitle';
import { ToneTag } from '../../components/ToneTag';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

type OAuthClient =
  paths['/api/v1/oauth-clients']['get']['responses']['200']['content']['application/json'][number];
type GrantType = OAuthClient['grantTypes'][number];

const GRANT_TYPES: GrantType[] = ['authorization_code', 'refresh_token', 'client_credentials'];
const SCOPES = [
  'openid',
  'profile',
  'offline_access',
  'certificates:read',
  'keys:pin',
  'certificates:renew',
  'signing',
  'encryption',
  'decryption',
  'service',
  'credential',
  'webhooks',
] as const;
type Scope = (typeof SCOPES)[number];

interface ClientForm {
  name: string;
  grantTypes: GrantType[];
  scopes: Scope[];
  redirectUris?: string;
}

const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The secret, shown once with a copy button. */
function SecretShown({ secret, clientId }: { secret: string; clientId: string }) {
  const { t } = useTranslation('oauth');
  return (
    <>
      <Alert type="warning" showIcon title={t('clients.secretOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>
        client_id:{' '}
        <Typography.Text copyable code>
          {clientId}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph>
        client_secret:{' '}
        <Typography.Text copyable code data-testid="oauth-client-secret">
          {secret}
        </Typography.Text>
      </Typography.Paragraph>
    </>
  );
}

/** Registers an application, or changes one (`editing`); a new one's secret is shown once. */
function ClientDialog({
  editing,
  open,
  onClose,
  onSaved,
}: {
  editing: OAuthClient | undefined;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('oauth');
  const [form] = Form.useForm<ClientForm>();
  const [created, setCreated] = useState<{ clientId: string; secret: string }>();
  const save = useSubmit(async (values: ClientForm) => {
    const body = {
      name: values.name,
      grantTypes: values.grantTypes,
      scopes: values.scopes,
      redirectUris: linesOf(values.redirectUris),
    };
    if (editing) {
      await call(
        api.PATCH('/api/v1/oauth-clients/{id}', { params: { path: { id: editing.clientId } }, body }),
      );
      onSaved();
      onClose();
      return;
    }
    const answer = await call(api.POST('/api/v1/oauth-clients', { body }));
    onSaved();
    if (answer.clientSecret) setCreated({ clientId: answer.client.clientId, secret: answer.clientSecret });
    else onClose();
  });
  return (
    <FormDialog
      open={open}
      title={editing ? editing.name : t('clients.register')}
      okText={editing ? t('clients.save') : t('clients.register')}
      okTestId="oauth-client-submit"
      submission={save}
      form={form}
      width={640}
      onClose={() => {
        setCreated(undefined);
        onClose();
      }}
      done={created && <SecretShown clientId={created.clientId} secret={created.secret} />}
    >
      <Form<ClientForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                name: editing.name,
                grantTypes: editing.grantTypes,
                scopes: editing.scopes as Scope[],
                redirectUris: editing.redirectUris.join('\n'),
              }
            : { grantTypes: ['authorization_code'], scopes: ['openid'] }
        }
        onFinish={(values) => void save.run(values)}
      >
        <Form.Item
          name="name"
          label={t('clients.name')}
          rules={[{ required: true, message: t('clients.nameRequired') }]}
        >
          <Input autoComplete="off" maxLength={200} data-testid="oauth-client-name" />
        </Form.Item>
        <Form.Item
          name="grantTypes"
          label={t('clients.grantTypes')}
          rules={[{ required: true, message: t('clients.grantRequired') }]}
        >
          <Checkbox.Group
            options={GRANT_TYPES.map((grant) => ({ value: grant, label: t(`clients.grant.${grant}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('clients.scopes')}
          rules={[{ required: true, message: t('clients.scopeRequired') }]}
        >
          <Select<Scope[]>
            mode="multiple"
            options={SCOPES.map((scope) => ({
              value: scope,
              label: `${scope} — ${t(`scopes.${scope}`, { nsSeparator: false })}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="redirectUris"
          label={t('clients.redirectUris')}
          extra={t('clients.redirectUrisHint')}
        >
          <Input.TextArea rows={3} placeholder="https://app.example/oauth/callback" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** «Приложения OAuth»: administrators register, change, disable applications and give them new secrets. */
export function OAuthClientsPage() {
  const { t } = useTranslation('oauth');
  const { t: tc } = useTranslation();
  const clients = useLoad(() => call(api.GET('/api/v1/oauth-clients')), []);
  const [dialog, setDialog] = useState<{ editing?: OAuthClient } | undefined>();
  const [rotated, setRotated] = useState<{ clientId: string; secret: string }>();
  const action = useSubmit(async (client: OAuthClient, change: 'toggle' | 'rotate' | 'delete') => {
    const path = { params: { path: { id: client.clientId } } };
    if (change === 'delete') {
      await call(api.DELETE('/api/v1/oauth-clients/{id}', path));
      clients.reload();
      return;
    }
    if (change === 'rotate') {
      const { clientSecret } = await call(api.POST('/api/v1/oauth-clients/{id}/secret', path));
      setRotated({ clientId: client.clientId, secret: clientSecret });
      return;
    }
    await call(api.PATCH('/api/v1/oauth-clients/{id}', { ...path, body: { disabled: !client.disabled } }));
    clients.reload();
  });
  return (
    <>
      <PageTitle title={t('clients.title')} />
      <Typography.Paragraph type="secondary">{t('clients.intro')}</Typography.Paragraph>
      <Button
        type="primary"
        style={{ marginBottom: 16 }}
        onClick={() => {
          setDialog({});
        }}
        data-testid="oauth-client-register"
      >
        {t('clients.register')}
      </Button>
      <ProblemAlert error={clients.error} onRetry={clients.reload} />
      <ProblemAlert error={action.error} />
      <Table<OAuthClient>
        rowKey="clientId"
        loading={clients.loading}
        dataSource={clients.data ?? []}
        pagination={false}
        // A minimum width, not max-content: above it the columns share the width and long text wraps; below it the table scrolls.
        tableLayout="auto"
        scroll={{ x: 900 }}
        data-testid="oauth-clients"
        columns={[
          { title: t('clients.name'), dataIndex: 'name' },
          {
            title: t('clients.clientId'),
            dataIndex: 'clientId',
            render: (id: string) => (
              <Typography.Text copyable code>
                {id}
              </Typography.Text>
            ),
          },
          {
            title: t('clients.grantTypes'),
            dataIndex: 'grantTypes',
            render: (grants: GrantType[]) =>
              grants.map((grant) => (
                <Tag key={grant} title={grant}>
                  {t(`clients.grant.${grant}`)}
                </Tag>
              )),
          },
          {
            title: t('clients.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) =>
              scopes.map((scope) => (
                <Tag key={scope} title={t(`scopes.${scope}`, { defaultValue: scope, nsSeparator: false })}>
                  {scope}
                </Tag>
              )),
          },
          {
            title: t('clients.status'),
            dataIndex: 'disabled',
            render: (disabled: boolean) =>
              disabled ? (
                <ToneTag tone="red">{t('clients.disabled')}</ToneTag>
              ) : (
                <ToneTag tone="green">{t('clients.active')}</ToneTag>
              ),
          },
          {
            key: 'actions',
            // Kept in view when a tablet scrolls the table sideways; the buttons wrap instead of widening it.
            fixed: 'right',
            title: tc('actions'),
            width: 240,
            render: (_: unknown, client: OAuthClient) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => {
                    setDialog({ editing: client });
                  }}
                >
                  {t('clients.edit')}
                </Button>
                {client.authMethod !== 'private_key_jwt' && (
                  <Button size="small" onClick={() => void action.run(client, 'rotate')}>
                    {t('clients.rotate')}
                  </Button>
                )}
                <Button
                  size="small"
                  danger={!client.disabled}
                  onClick={() => void action.run(client, 'toggle')}
                >
                  {client.disabled ? t('clients.enable') : t('clients.disable')}
                </Button>
                <Popconfirm
                  title={t('clients.deleteConfirm', { name: client.name })}
                  okText={t('clients.delete')}
                  cancelText={t('clients.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void action.run(client, 'delete')}
                >
                  <Button size="small" danger>
                    {t('clients.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {dialog && (
        <ClientDialog
          open
          editing={dialog.editing}
          onClose={() => {
            setDialog(undefined);
          }}
          onSaved={clients.reload}
        />
      )}
      <FormDialog
        open={rotated !== undefined}
        title={t('clients.secretTitle')}
        okText={t('clients.save')}
        okTestId="oauth-secret-close"
        submission={{ busy: false, error: undefined, reset: () => undefined }}
        onClose={() => {
          setRotated(undefined);
        }}
        done={rotated && <SecretShown clientId={rotated.clientId} secret={rotated.secret} />}
      />
    </>
  );
}
