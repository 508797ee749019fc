// A refused call in the user's language. The main process sends data (a reason, per-field
// problems); the words are the catalogue's. Its own English message is shown only when it sent
// neither, so no schema wording ("Too big: expected string…") reaches a person.
import type { TFunction } from 'i18next';
import type { ContractErrorData, FieldIssue } from '../../shared/contract';

/** "items.0.title" → "title": the catalogue names fields, not positions in a list. */
export function fieldName(path: string): string {
  const parts = path.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? 'request';
}

/** "The user name can have at most 64 characters." */
export function fieldSentence(t: TFunction, issue: FieldIssue): string {
  const name = fieldName(issue.field);
  const field = t(`errors.field.${name}`, { defaultValue: t('errors.field.unknown', { name }) });
  return t(`errors.problem.${issue.problem}`, { field, limit: issue.limit ?? '' });
}

export interface ErrorText {
  /** the one sentence to show, when there is one */
  sentence: string | null;
  /** field sentences, when the request was refused field by field */
  fields: string[];
  /** the fallback: the code's heading and the main process's own words */
  fallback: { title: string; message: string } | null;
}

export function errorText(t: TFunction, error: ContractErrorData): ErrorText {
  if (error.reason)
    return { sentence: t(`errors.reason.${error.reason}`, { ...error.params }), fields: [], fallback: null };
  if (error.fields?.length)
    return { sentence: null, fields: error.fields.map((f) => fieldSentence(t, f)), fallback: null };
  return { sentence: null, fields: [], fallback: { title: t(`errors.${error.code}`), message: error.message } };
}
