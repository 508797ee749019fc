// An office refusal as the renderer receives it: the reasons issue 28 added (a disabled account,
// a directory the office cannot reach) are worded by the renderer, not shown as the office's English.
import { describe, expect, it } from 'vitest';
import { OfficeError } from '../../../../electron/services/office-client/http';
import { toContractError } from '../../../../electron/services/office/office-errors';

describe('office errors for the renderer', () => {
  it('a disabled account is not "wrong user name or password"', () => {
    const e = toContractError(new OfficeError('http', 'this account is disabled', 401, 'account_disabled'));
    expect(e.code).toBe('unauthorized');
    expect(e.details.reason).toBe('account-disabled');
    const wrong = toContractError(new OfficeError('http', 'wrong user name or password', 401, 'unauthorized'));
    expect(wrong.details.reason).toBe('bad-credentials');
  });

  it('an unreachable directory is not "the office had a problem of its own"', () => {
    const e = toContractError(new OfficeError('http', 'the directory cannot be reached', 503, 'directory_unavailable'));
    expect(e.code).toBe('unavailable');
    expect(e.details.reason).toBe('directory-unavailable');
    const failed = toContractError(new OfficeError('http', 'the server failed', 503, 'unavailable'));
    expect(failed.details.reason).toBe('office-failed');
  });
});
