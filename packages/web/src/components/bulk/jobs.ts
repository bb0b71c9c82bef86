import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { BulkJob, ItemOutcome } from '../../api/types';
import type { Tone } from '../ToneTag';

export type JobStatus = BulkJob['status'];

/** While a job may still move, the page asks for it this often; a finished or paused one is not asked again. */
export const POLL_MS = 1000;
const MOVING: ReadonlySet<JobStatus> = new Set(['queued', 'running']);

export const STATUS_TONES: Readonly<Record<JobStatus, Tone>> = {
  queued: 'default',
  running: 'blue',
  paused: 'gold',
  cancelled: 'default',
  completed: 'green',
  failed: 'red',
};

const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'left'] as const;
const CAMPAIGN_OUTCOMES = ['issued', 'skipped', 'failed'] as const;

/** The outcomes a job of this kind can give its items, in the order the page shows them. */
export function outcomesOf(kind: string): readonly ItemOutcome[] {
  return kind === 'certificate.campaign' ? CAMPAIGN_OUTCOMES : IMPORT_OUTCOMES;
}

/** A job's kind in words; a kind this office does not know yet is "a bulk job", never its code. */
export function useJobKind(): (kind: string) => string {
  const { t, i18n } = useTranslation('bulk');
  return (kind) => {
    // i18next reads dots in keys as nesting: `hr.import` is the key `hr_import`.
    const key = `kind.${kind.replace(/\./g, '_')}`;
    return i18n.exists(key, { ns: 'bulk' }) ? t(key as 'kind.hr_import') : t('kind.other');
  };
}

/** Progress in whole percent, 100 only when every item is done. */
export function percentOf(job: Pick<BulkJob, 'processed' | 'total'>): number {
  if (job.total === 0) return 100;
  return Math.floor((job.processed * 100) / job.total);
}

/**
 * A job, asked for again every second while it is queued or running, so the
 * progress bar moves; `replace` takes the answer of a pause, resume or
 * cancel and starts asking again when the job moves once more.
 */
export function useBulkJob(id: string) {
  const [job, setJob] = useState<BulkJob>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await call(api.GET('/api/v1/bulk-jobs/{id}', { params: { path: { id } } }));
        if (stopped) return;
        setJob(next);
        setError(undefined);
        if (MOVING.has(next.status)) timer = setTimeout(() => void tick(), POLL_MS);
      } catch (problem) {
        if (stopped) return;
        setError(problem);
        // A lost connection is retried, more slowly.
        timer = setTimeout(() => void tick(), 5 * POLL_MS);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, generation]);
  const replace = (next: BulkJob) => {
    setJob(next);
    setGeneration((value) => value + 1);
  };
  return { job, error, replace };
}

/** Items per second over the last few answers while running, and the seconds left at that rate. */
export function useRate(job: BulkJob | undefined): { rate: number; etaSeconds: number } | undefined {
  const samples = useRef<{ at: number; processed: number }[]>([]);
  const [estimate, setEstimate] = useState<{ rate: number; etaSeconds: number }>();
  useEffect(() => {
    if (!job || job.status !== 'running') {
      samples.current = [];
      setEstimate(undefined);
      return;
    }
    const now = Date.now();
    samples.current = [...samples.current, { at: now, processed: job.processed }].filter(
      (sample) => now - sample.at <= 20_000,
    );
    const first = samples.current[0];
    const seconds = first ? (now - first.at) / 1000 : 0;
    const done = first ? job.processed - first.processed : 0;
    if (seconds < 1 || done <= 0) {
      setEstimate(undefined);
      return;
    }
    const rate = done / seconds;
    setEstimate({ rate, etaSeconds: Math.ceil((job.total - job.processed) / rate) });
  }, [job]);
  return estimate;
}
