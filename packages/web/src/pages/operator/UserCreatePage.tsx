import { Alert, Button, Card, Col, Form, Input, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import type { User } from '../../api/types';
import { useProblemAtField, useServerFieldErrors } from '../../components/operator/formProblems';
import { PROFILE_FIELDS, profileOf, type ProfileValues } from '../../components/operator/profile';
import { ProfileFields } from '../../components/operator/ProfileFields';
import { ScrollIntoView } from '../../components/operator/ScrollIntoView';
import { DirectorySearch, type DirectoryLink } from '../../components/operator/DirectorySearch';
import { TemporaryPasswordModal } from '../../components/operator/TemporaryPasswordModal';
import { PageHeading } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmit } from '../../components/useSubmit';

type Registration = ProfileValues & { login: string };

const LOGIN_PROBLEMS = { LOGIN_INVALID: 'login', LOGIN_TAKEN: 'login' };

/** Operator's «Создать нового пользователя»: the registration form, then the temporary password shown once. */
export function UserCreatePage() {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const showProblemAtField = useProblemAtField();
  const showFieldErrors = useServerFieldErrors();
  const [form] = Form.useForm<Registration>();
  const [created, setCreated] = useState<{ user: User; temporaryPassword: string }>();
  const [link, setLink] = useState<DirectoryLink>();
  const { busy, error, run } = useSubmit(async ({ login, ...values }: Registration) => {
    try {
      const answer = await call(
        api.POST('/api/v1/users', {
          body: {
            login: login.trim(),
            profile: profileOf(values),
            ...(link
              ? { directoryLink: { directoryId: link.directoryId, externalId: link.externalId } }
              : {}),
          },
        }),
      );
      setCreated({ user: answer.user, temporaryPassword: answer.temporaryPassword });
    } catch (problem) {
      // A login problem is told at the login field alone.
      if (showProblemAtField(form, problem, LOGIN_PROBLEMS)) return;
      // The per-field messages go next to their fields; the summary above the form says why nothing was created.
      showFieldErrors(form, problem);
      throw problem;
    }
  });

  return (
    <Form<Registration>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'person', country: 'RU' }}
      onFinish={(values) => void run(values)}
      scrollToFirstError
    >
      <Row justify="space-between" align="middle" gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col>
          <PageHeading>{t('userCreate.title')}</PageHeading>
        </Col>
        <Col>
          <Space>
            <Button onClick={() => void navigate('/users')}>{tc('cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="create-user-submit">
              {t('userCreate.submit')}
            </Button>
          </Space>
        </Col>
      </Row>
      <Alert type="info" showIcon title={t('userCreate.hint')} style={{ marginBottom: 16 }} />
      <DirectorySearch
        link={link}
        onUnlink={() => {
          setLink(undefined);
        }}
        onFill={(entry) => {
          // Every mapped field the entry has replaces what was typed; the others stay as they are.
          const filled: Partial<Registration> = {};
          for (const field of PROFILE_FIELDS) {
            const value = entry.values[field];
            if (value !== undefined) filled[field] = value;
          }
          if (entry.values.login) filled.login = entry.values.login;
          form.setFieldsValue(filled);
          setLink({
            directoryId: entry.directoryId,
            externalId: entry.externalId,
            dn: entry.dn,
            directoryName: entry.directoryName,
          });
        }}
      />
      <Card>
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item
              name="login"
              label={t('userCreate.login')}
              extra={t('userCreate.loginHint')}
              rules={[
                { required: true, whitespace: true, message: t('userCreate.loginRequired') },
                { pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, message: t('userCreate.loginHint') },
              ]}
            >
              <Input autoComplete="off" data-testid="user-login" />
            </Form.Item>
          </Col>
        </Row>
        <ProfileFields />
        <ScrollIntoView when={error}>
          <ProblemAlert error={error} />
        </ScrollIntoView>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('userCreate.submit')}
        </Button>
      </Card>
      <TemporaryPasswordModal
        password={created?.temporaryPassword}
        title={t('temporaryPassword.createdTitle', { login: created?.user.login ?? '' })}
        onClose={() => {
          if (created) void navigate(`/users/${created.user.id}`);
        }}
      />
    </Form>
  );
}
