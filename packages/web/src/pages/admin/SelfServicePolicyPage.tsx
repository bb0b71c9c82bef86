import { App, Button, Card, Checkbox, Form, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { ProfileFieldName } from '../../components/selfservice/types';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { PROFILE_FIELDS } from '../../components/operator/profile';

interface Values {
  editableFields: ProfileFieldName[];
  autoApproveHrMatch: boolean;
}

/** The administrator's self-service policy: the fields employees correct, and HR-match auto-approval. */
export function SelfServicePolicyPage() {
  const { t } = useTranslation('selfService');
  const { t: operator } = useTranslation('operator');
  const { message } = App.useApp();
  const policy = useLoad(() => call(api.GET('/api/v1/self-service-policy')), []);
  const saving = useSubmit(async (values: Values) => {
    await call(api.PUT('/api/v1/self-service-policy', { body: values }));
    void message.success(t('policy.saved'));
    policy.reload();
  });
  return (
    <>
      <PageTitle title={t('policy.title')} />
      <Typography.Paragraph>{t('policy.intro')}</Typography.Paragraph>
      <ProblemAlert error={policy.error} onRetry={policy.reload} />
      <Card>
        {policy.data ? (
          <Form<Values>
            layout="vertical"
            initialValues={{
              editableFields: policy.data.editableFields,
              autoApproveHrMatch: policy.data.autoApproveHrMatch,
            }}
            onFinish={(values) => void saving.run(values)}
          >
            <ProblemAlert error={saving.error} />
            <Form.Item name="editableFields" label={t('policy.editableFields')}>
              <Checkbox.Group
                data-testid="policy-editable-fields"
                // The registration fields in the form's order, as the administrator may offer them for correction.
                options={PROFILE_FIELDS.map((name) => ({ value: name, label: operator(`field.${name}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="autoApproveHrMatch"
              label={t('policy.autoApprove')}
              extra={t('policy.autoApproveHint')}
              valuePropName="checked"
            >
              <Switch data-testid="policy-auto-approve" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving.busy} data-testid="policy-save">
              {t('policy.save')}
            </Button>
          </Form>
        ) : (
          !policy.error && <Skeleton active />
        )}
      </Card>
    </>
  );
}
