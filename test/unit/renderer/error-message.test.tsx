import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorMessage } from '../../../renderer/app/ErrorMessage';
import { fieldName } from '../../../renderer/app/error-text';
import { setupI18n } from '../../../renderer/i18n';
import type { ContractErrorData } from '../../../shared/contract';

afterEach(cleanup);

async function show(error: ContractErrorData, locale: 'en' | 'id' = 'en') {
  const i18n = await setupI18n(locale);
  render(
    <I18nextProvider i18n={i18n}>
      <ErrorMessage error={error} />
    </I18nextProvider>,
  );
  return screen.getByRole('alert').textContent ?? '';
}

const tooLong: ContractErrorData = {
  code: 'invalid-request',
  message: 'Invalid request to account:signIn: username: Too big: expected string to have <=64 characters',
  fields: [{ field: 'username', problem: 'too-long', limit: 64 }],
};

describe('<ErrorMessage>', () => {
  it('words field problems per field, in English and Bahasa Indonesia, never with the schema message', async () => {
    const en = await show(tooLong);
    expect(en).toContain('The user name can have at most 64 characters.');
    expect(en).not.toContain('Too big');
    cleanup();
    const id = await show(tooLong, 'id');
    expect(id).toContain('Nama pengguna paling banyak 64 karakter.');
    expect(id).not.toContain('Too big');
  });

  it('lists every field, names a nested field by its name, and an unknown one by its path', async () => {
    const text = await show({
      code: 'invalid-request',
      message: 'x',
      fields: [
        { field: 'password', problem: 'required' },
        { field: 'items.0.message', problem: 'too-short', limit: 3 },
        { field: 'frobnicator', problem: 'invalid' },
      ],
    });
    expect(text).toContain('The password is required.');
    expect(text).toContain('The message needs at least 3 characters.');
    expect(text).toContain('The field “\u2068frobnicator\u2069” is not valid.');
    expect(fieldName('items.0.title')).toBe('title');
    expect(fieldName('')).toBe('request');
  });

  it('says what a reason means and what to check, with its parameters', async () => {
    const unreachable = await show({
      code: 'unavailable',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
      reason: 'office-unreachable',
    });
    expect(unreachable).toBe(
      'The office cannot be reached. Check that your VPN is connected and that the office server address is right.',
    );
    cleanup();
    const limited = await show(
      { code: 'unavailable', message: 'Too Many Requests', reason: 'rate-limited', params: { seconds: 30 } },
      'id',
    );
    expect(limited).toBe('Terlalu banyak percobaan. Tunggu 30 detik, lalu coba lagi.');
  });

  it('falls back to the code heading and the main process words only when it has neither', async () => {
    const text = await show({ code: 'conflict', message: 'Ticket INC-1 changed at 09:02.' });
    expect(text).toContain('Someone changed this in the meantime');
    expect(text).toContain('Ticket INC-1 changed at 09:02.');
  });
});
