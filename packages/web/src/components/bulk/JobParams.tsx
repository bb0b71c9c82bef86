import { Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BulkJob } from '../../api/types';
import { useReadable } from '../readable';

type Item = { key: string; label: string; value: string };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const ENCODINGS: Readonly<Record<string, string>> = { 'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251' };

/**
 * A job's parameters in words, per kind: another kind adds its own entry
 * here. A kind without one shows nothing rather than its raw parameters.
 */
type Words = { t: TFunction<'bulk'>; keySpec: (name: string) => string };

const PARAMS: Readonly<Record<string, (params: BulkJob['params'], words: Words) => Item[]>> = {
  'hr.import': (params, { t }) => {
    const yesNo = (value: unknown) => (value === true ? t('params.yes') : t('params.no'));
    return [
      { key: 'source', label: t('params.source'), value: text(params.sourceId) },
      { key: 'fileName', label: t('params.fileName'), value: text(params.fileName) || t('params.noFile') },
      { key: 'format', label: t('params.format'), value: text(params.format).toUpperCase() },
      {
        key: 'encoding',
        label: t('params.encoding'),
        value: ENCODINGS[text(params.encoding)] ?? text(params.encoding),
      },
      { key: 'full', label: t('params.full'), value: yesNo(params.full) },
      { key: 'markLeavers', label: t('params.markLeavers'), value: yesNo(params.markLeavers) },
    ];
  },
  'certificate.campaign': (params, { t, keySpec }) => {
    const confirmation = text(params.confirmation);
    const selection = params.selection;
    const search =
      typeof selection === 'object' && selection !== null && 'search' in selection
        ? text(selection.search)
        : '';
    return [
      { key: 'profile', label: t('params.profile'), value: text(params.certificateProfile) },
      { key: 'keySpec', label: t('params.keySpec'), value: keySpec(text(params.keySpec)) },
      { key: 'keyStore', label: t('params.keyStore'), value: text(params.keyStore) },
      {
        key: 'validityDays',
        label: t('params.validityDays'),
        value: typeof params.validityDays === 'number' ? String(params.validityDays) : '',
      },
      {
        key: 'confirmation',
        label: t('params.confirmation'),
        value:
          confirmation === 'device'
            ? t('params.confirmationDevice')
            : confirmation === 'none'
              ? t('params.confirmationNone')
              : t('params.confirmationPin'),
      },
      {
        key: 'skipExisting',
        label: t('params.skipExisting'),
        value: params.skipExisting === true ? t('params.yes') : t('params.no'),
      },
      {
        key: 'selection',
        label: t('params.selection'),
        value: search ? t('params.selectionSearch', { search }) : t('params.selectionAccounts'),
      },
    ];
  },
};

/** One line about what a job works on, for lists: the source and file of an import, a campaign's profile. */
export function jobSubject(job: BulkJob, t: TFunction<'bulk'>): string {
  // Compared as text: the API will name more kinds than it does today.
  const kind: string = job.kind;
  if (kind === 'hr.import') {
    return `${text(job.params.sourceId)} · ${text(job.params.fileName) || t('params.noFile')}`;
  }
  if (kind === 'certificate.campaign') return text(job.params.certificateProfile);
  return '';
}

export function JobParams({ job }: { job: BulkJob }) {
  const { t } = useTranslation('bulk');
  const readable = useReadable();
  const items = PARAMS[job.kind]?.(job.params, { t, keySpec: readable.keySpec }) ?? [];
  if (items.length === 0) return null;
  return (
    <Descriptions
      title={t('params.title')}
      size="small"
      bordered
      column={{ xs: 1, md: 3 }}
      style={{ marginBottom: 16 }}
      items={items.map((item) => ({ key: item.key, label: item.label, children: item.value }))}
    />
  );
}
