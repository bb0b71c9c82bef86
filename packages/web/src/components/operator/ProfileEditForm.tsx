import { Alert, App, Button, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { User } from '../../api/types';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';
import { ScrollIntoView } from './ScrollIntoView';
import { useServerFieldErrors } from './formProblems';
import { profilePatch, type ProfilePatch, type ProfileValues } from './profile';
import { ProfileFields } from './ProfileFields';

/**
 * «Редактировать» on the user's page: the registration form filled with the
 * current data; only changed fields are sent, with the version read, so a
 * colleague's edit in between is refused (409) rather than overwritten.
 */
export function ProfileEditForm({
  user,
  onSaved,
  onCancel,
  onReload,
}: {
  user: User;
  onSaved: (user: User) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const showFieldErrors = useServerFieldErrors();
  const [form] = Form.useForm<ProfileValues>();
  const { busy, error, run } = useSubmit(async (patch: ProfilePatch) => {
    try {
      const saved = await call(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { profile: patch, version: user.version },
        }),
      );
      void message.success(t('user.saved'));
      onSaved(saved);
    } catch (problem) {
      showFieldErrors(form, problem);
      throw problem;
    }
  });
  const stale = error instanceof ApiProblem && error.code === 'CONCURRENT_EDIT';

  const submit = (values: ProfileValues) => {
    const patch = profilePatch(user.profile, values);
    if (Object.keys(patch).length === 0) {
      void message.info(t('user.noChanges'));
      onCancel();
      return;
    }
    void run(patch);
  };

  return (
    <Form<ProfileValues>
      form={form}
      layout="vertical"
      initialValues={user.profile}
      onFinish={submit}
      scrollToFirstError
      data-testid="profile-edit-form"
    >
      <ProfileFields filled={user.profile} />
      <ScrollIntoView when={error}>
        {stale ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t('user.concurrentEdit')}
            style={{ marginBottom: 16 }}
            action={
              <Button size="small" onClick={onReload} data-testid="reload-user">
                {t('user.reload')}
              </Button>
            }
          />
        ) : (
          <ProblemAlert error={error} />
        )}
      </ScrollIntoView>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-profile">
          {tc('save')}
        </Button>
        <Button onClick={onCancel}>{tc('cancel')}</Button>
      </Space>
    </Form>
  );
}
