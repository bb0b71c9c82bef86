import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { User } from '../../api/types';
import { CsrIssueCard } from '../../components/operator/CsrIssueCard';
import { useProblemAtField, useServerFieldErrors } from '../../components/operator/formProblems';
import { KeyFields, withoutPin, type KeyValues } from '../../components/operator/KeyFields';
import { profilePatch, type ProfileValues } from '../../components/operator/profile';
import { ScrollIntoView } from '../../components/operator/ScrollIntoView';
import { ProfileFields } from '../../components/operator/ProfileFields';
import { PageHeading } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

type RequestValues = ProfileValues & KeyValues;

/** Problems that belong to one field of the key section rather than to the form as a whole. */
const KEY_FIELD_OF: Record<string, keyof KeyValues> = {
  PIN_MISMATCH: 'pinConfirmation',
  KEY_PIN_INVALID: 'pin',
  KEY_CONFIRMATION_NOT_ALLOWED: 'confirmation',
  KEY_STORE_UNAVAILABLE: 'keyStore',
  KEY_ALGORITHM_UNSUPPORTED: 'keySpec',
  VALIDITY_INVALID: 'validityDays',
};

/** The request form itself, once the user's registration data is loaded to fill it. */
function RequestForm({ user }: { user: User }) {
  const { t } = useTranslation('operator');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showProblemAtField = useProblemAtField();
  const showFieldErrors = useServerFieldErrors();
  const [form] = Form.useForm<RequestValues>();
  // Undefined until the form has mounted.
  const kind = (Form.useWatch('kind', form) as string | undefined) ?? user.profile.kind;
  const { busy, error, run } = useSubmit(
    async ({
      keyStore,
      keySpec,
      validityDays,
      confirmation,
      pin,
      pinConfirmation,
      ...profile
    }: RequestValues) => {
      // The form offers `none` to a legal entity only; the server refuses it for anyone else anyway.
      const chosen = confirmation === 'none' && profile.kind !== 'legalEntity' ? 'pin' : confirmation;
      try {
        const patch = profilePatch(user.profile, profile);
        const issued = await call(
          api.POST('/api/v1/users/{id}/certificates', {
            params: { path: { id: user.id } },
            body: {
              keyStore,
              keySpec,
              validityDays,
              ...(chosen && withoutPin(chosen)
                ? { confirmation: chosen }
                : { pin: pin ?? '', pinConfirmation: pinConfirmation ?? '' }),
              ...(Object.keys(patch).length > 0 ? { profile: patch } : {}),
            },
          }),
        );
        void message.success(t('request.issued'));
        void navigate(`/certificates/${issued.serial}`);
      } catch (problem) {
        showProblemAtField(form, problem, KEY_FIELD_OF);
        showFieldErrors(form, problem);
        throw problem;
      }
    },
  );

  return (
    <Form<RequestValues>
      form={form}
      layout="vertical"
      initialValues={{
        country: 'RU',
        ...user.profile,
        keySpec: 'gost256',
        validityDays: 365,
        confirmation: 'pin',
      }}
      onFinish={(values) => void run(values)}
      scrollToFirstError
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('request.hint')} />
        <Card title={t('request.profile')}>
          <ProfileFields filled={user.profile} />
        </Card>
        <Card title={t('request.key')}>
          <KeyFields legalEntity={kind === 'legalEntity'} />
        </Card>
        <ScrollIntoView when={error}>
          <ProblemAlert error={error} />
        </ScrollIntoView>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="create-certificate">
          {t('request.submit')}
        </Button>
      </Space>
    </Form>
  );
}

/** Operator's «+ Создать запрос на сертификат»: checked registration data, key store, key PIN → issued certificate. */
export function CertificateRequestPage() {
  const { t } = useTranslation('operator');
  const { id = '' } = useParams();
  const {
    data: user,
    error,
    reload,
  } = useLoad(() => call(api.GET('/api/v1/users/{id}', { params: { path: { id } } })), [id]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/users/${id}?tab=certificates`}>
        <ArrowLeftOutlined /> {t('certificates.title')}
      </Link>
      <ProblemAlert error={error} onRetry={reload} />
      {user ? (
        <>
          <PageHeading>{t('request.title', { login: user.login })}</PageHeading>
          <RequestForm user={user} />
          <CsrIssueCard userId={user.id} />
        </>
      ) : (
        error === undefined && <Skeleton active paragraph={{ rows: 10 }} />
      )}
    </Space>
  );
}
