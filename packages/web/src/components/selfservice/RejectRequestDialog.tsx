import { api, call } from '../../api/client';
import { RejectWithReasonDialog } from '../RejectWithReasonDialog';
import type { SelfServiceRequest } from './types';

/** The operator declines a certificate request with a reason the employee reads in the cabinet. */
export function RejectRequestDialog({
  request,
  onClose,
  onRejected,
}: {
  request: SelfServiceRequest | undefined;
  onClose: () => void;
  onRejected: () => void;
}) {
  return (
    <RejectWithReasonDialog
      request={request}
      namespace="selfService"
      reject={(id, reason) =>
        call(
          api.POST('/api/v1/certificate-requests/{id}/reject', {
            params: { path: { id } },
            body: { reason },
          }),
        )
      }
      testIds={{ submit: 'reject-request-submit', reason: 'request-reject-reason' }}
      onClose={onClose}
      onRejected={onRejected}
    />
  );
}
