import { useTranslation } from 'react-i18next';
import type { ContractErrorData } from '../../shared/contract';
import { errorText } from './error-text';

/**
 * A contract error as a person reads it: the reason in the user's language, or what is wrong with
 * each field, or (when the main process gave neither) the code's heading with its own words.
 */
export function ErrorMessage({ error, id }: { error: ContractErrorData; id?: string }) {
  const { t } = useTranslation();
  const text = errorText(t, error);
  return (
    <div className="error" role="alert" id={id} data-code={error.code} data-reason={error.reason}>
      {text.sentence && <p>{text.sentence}</p>}
      {text.fields.length > 0 && (
        <>
          <p>{t('errors.checkFields')}</p>
          <ul>
            {text.fields.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      )}
      {text.fallback && (
        <>
          <strong>{text.fallback.title}</strong>
          <span>{text.fallback.message}</span>
        </>
      )}
    </div>
  );
}
