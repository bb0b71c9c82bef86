import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { formatDate } from '../CertificateDetailsView';
import type { Recipient } from './types';

const MIN_SEARCH = 2;
/** Wait for a pause in typing before asking the server, so a name typed quickly is one request. */
const DEBOUNCE_MS = 250;

function label(recipient: Recipient, until: string): string {
  const organization = recipient.organization ? ` — ${recipient.organization}` : '';
  const algorithm = recipient.algorithm ? `, ${recipient.algorithm}` : '';
  return `${recipient.name}${organization} (${until}${algorithm})`;
}

/**
 * Colleagues' certificates found by name as one types (GET /recipients):
 * only valid ones fit for encryption are offered. The chosen ones keep
 * their labels while other searches come and go.
 */
export function RecipientPicker({
  id,
  value = [],
  onChange,
}: {
  id?: string;
  value?: string[];
  onChange?: (serials: string[]) => void;
}) {
  const { t } = useTranslation('crypto');
  const [found, setFound] = useState<Recipient[]>([]);
  const [searching, setSearching] = useState(false);
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  const latest = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );

  const search = (text: string) => {
    const query = text.trim();
    latest.current = query;
    clearTimeout(timer.current);
    if (query.length < MIN_SEARCH) {
      setFound([]);
      return;
    }
    timer.current = setTimeout(() => {
      setSearching(true);
      call(api.GET('/api/v1/recipients', { params: { query: { search: query } } })).then(
        (recipients) => {
          // A slower answer to an older search must not replace the newer one's.
          if (latest.current !== query) return;
          setFound(recipients);
          setSearching(false);
          setKnown((previous) => {
            const next = new Map(previous);
            for (const r of recipients) {
              next.set(r.serial, label(r, t('encrypt.validUntil', { date: formatDate(r.notAfter) })));
            }
            return next;
          });
        },
        () => {
          if (latest.current === query) setSearching(false);
        },
      );
    }, DEBOUNCE_MS);
  };

  const options = [
    ...found.map((r) => ({ value: r.serial, label: known.get(r.serial) ?? r.name })),
    // The chosen ones stay options, so the select keeps showing their names.
    ...value
      .filter((serial) => !found.some((r) => r.serial === serial))
      .map((serial) => ({ value: serial, label: known.get(serial) ?? serial })),
  ];

  return (
    <Select<string[]>
      {...(id ? { id } : {})}
      mode="multiple"
      value={value}
      onChange={(serials) => onChange?.(serials)}
      placeholder={t('encrypt.search')}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={
        searching ? <Spin size="small" /> : latest.current.length >= MIN_SEARCH ? t('encrypt.notFound') : null
      }
      options={options}
      style={{ width: '100%' }}
      data-testid="recipient-search"
    />
  );
}
