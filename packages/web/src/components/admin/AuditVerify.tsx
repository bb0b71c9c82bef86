import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../ProblemAlert';
import { useSubmit } from '../useSubmit';

type Verification = Awaited<ReturnType<typeof verifyChain>>;

function verifyChain() {
  return call(api.POST('/api/v1/audit/verify'));
}

const PROBLEMS = [
  'ALTERED',
  'INSERTED',
  'DELETED',
  'TRUNCATED',
  'HEAD_MISMATCH',
  'CHECKPOINT_SIGNER_UNTRUSTED',
  'CHECKPOINT_SIGNATURE_INVALID',
  'CHECKPOINT_MISMATCH',
] as const;

type ChainProblem = (typeof PROBLEMS)[number];

function isChainProblem(value: string | undefined): value is ChainProblem {
  return PROBLEMS.some((problem) => problem === value);
}

function VerificationResult({ result }: { result: Verification }) {
  const { t } = useTranslation('admin');
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-verify-result"
        data-ok="true"
        title={t('audit.verify.ok', { count: result.checked })}
      />
    );
  }
  const why = isChainProblem(result.problem) ? t(`audit.verify.problem.${result.problem}`) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="audit-verify-result"
      data-ok="false"
      data-first-bad-seq={result.firstBadSeq}
      title={
        result.firstBadSeq === undefined
          ? t('audit.verify.broken')
          : t('audit.verify.brokenAt', { seq: result.firstBadSeq })
      }
      description={
        <Space orientation="vertical" size={0}>
          {why && <span>{why}</span>}
          <span>{t('audit.verify.checked', { count: result.checked })}</span>
          <Typography.Text code>{result.message}</Typography.Text>
          <span>{t('audit.verify.whatToDo')}</span>
        </Space>
      }
    />
  );
}

/** Recomputes the audit log's hash chain and signed checkpoints on the server; may take a while on a long log. */
export function AuditVerify() {
  const { t } = useTranslation('admin');
  const [result, setResult] = useState<Verification>();
  const {
    busy,
    error,
    run: verify,
  } = useSubmit(async () => {
    setResult(undefined);
    setResult(await verifyChain());
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} aria-live="polite" aria-busy={busy}>
      <Button
        icon={<SafetyOutlined />}
        loading={busy}
        onClick={() => void verify()}
        data-testid="verify-audit"
      >
        {busy ? t('audit.verify.running') : t('audit.verify.button')}
      </Button>
      <ProblemAlert error={error} />
      {result && <VerificationResult result={result} />}
    </Space>
  );
}
