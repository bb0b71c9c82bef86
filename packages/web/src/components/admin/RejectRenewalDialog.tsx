import { api, call } from '../../api/client';
import type { RenewalRequest } from '../cabinet/types';
import { RejectWithReasonDialog } from '../RejectWithReasonDialog';

/** The operator declines a renewal with a reason the holder reads in the cabinet. */
export function RejectRenewalDialog({
  request,
  onClose,
  onRejected,
}: {
  request: RenewalRequest | undefined;
  onClose: () => void;
  onRejected: () => void;
}) {
  return (
    <RejectWithReasonDialog
      request={request}
      namespace="renewals"
      reject={(id, reason) =>
        call(api.POST('/api/v1/renewal-requests/{id}/reject', { params: { path: { id } }, body: { reason } }))
      }
      testIds={{ submit: 'reject-renewal-submit', reason: 'renewal-reject-reason' }}
      onClose={onClose}
      onRejected={onRejected}
    />
  );
}
