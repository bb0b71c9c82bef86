import { Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert';
import type { SubmitState } from './useSubmit';

/**
 * A modal that sends something: its intro, the last problem, then the form
 * (or the text) it confirms. OK submits the form; Cancel clears the form and
 * the problem. Once `done` is set it is shown instead, with Close alone.
 */
export function FormDialog({
  open,
  title,
  okText,
  okTestId,
  doneTestId = okTestId,
  danger = false,
  width,
  submission: { busy, error, reset },
  form,
  onOk = () => form?.submit(),
  onClose,
  intro,
  done,
  children,
}: {
  open: boolean;
  title: ReactNode;
  okText: ReactNode;
  /** The OK button's data-testid, and the one it has once `done` is shown. */
  okTestId: string;
  doneTestId?: string;
  /** A red OK button, for what cannot be undone. */
  danger?: boolean;
  width?: number;
  submission: SubmitState;
  /** The form OK submits and Cancel clears; a dialog without one passes `onOk`. */
  form?: FormInstance;
  onOk?: () => void;
  onClose: () => void;
  intro?: ReactNode;
  done?: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const close = () => {
    form?.resetFields();
    reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={done ? t('close') : okText}
      cancelText={t('cancel')}
      cancelButtonProps={done ? { style: { display: 'none' } } : {}}
      okButtonProps={{ danger, 'data-testid': done ? doneTestId : okTestId }}
      confirmLoading={busy}
      onOk={done ? close : onOk}
      onCancel={close}
      {...(width === undefined ? {} : { width })}
      destroyOnHidden
    >
      {done || (
        <>
          {intro}
          <ProblemAlert error={error} />
          {children}
        </>
      )}
    </Modal>
  );
}
