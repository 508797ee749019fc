import { useTranslation } from 'react-i18next';
import type { ContractErrorData } from '../../shared/contract';

/** A contract error as a person reads it: what happened (translated) and the main process's words. */
export function ErrorMessage({ error }: { error: ContractErrorData }) {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <strong>{t(`errors.${error.code}`)}</strong>
      <span>{error.message}</span>
    </div>
  );
}
