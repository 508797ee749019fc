// The Electron side of the office trust rule: the updater's Chromium session asks the same rule,
// and only when policy added something (otherwise Chromium's own verdict, the OS store, stands).
import { describe, expect, it } from 'vitest';
import { applyOfficeTrust } from '../../../electron/app/office-trust';
import { createOfficeTrust } from '../../../electron/services/office-client/trust';

type Proc = Parameters<Parameters<typeof applyOfficeTrust>[0]['setCertificateVerifyProc']>[0];

function fakeSession() {
  const session = { proc: null as Proc, setCertificateVerifyProc: (p: Proc) => void (session.proc = p) };
  return session;
}

describe('the updater session follows the office trust rule', () => {
  it('is left to Chromium when policy set no CA and no pin', () => {
    const session = fakeSession();
    applyOfficeTrust(session, createOfficeTrust({ systemRoots: () => [] }));
    expect(session.proc).toBeNull();
  });

  it('answers with the rule’s verdict when policy set pins', () => {
    const session = fakeSession();
    const trust = createOfficeTrust({ certPins: ['ab'.repeat(32)], systemRoots: () => [] });
    applyOfficeTrust(session, trust);
    const answers: number[] = [];
    // not a certificate at all: refused, never passed through
    session.proc!(
      { hostname: 'office.bank.test', certificate: { data: 'garbage' }, verificationResult: 'net::OK' } as never,
      (code: number) => answers.push(code),
    );
    expect(answers).toEqual([-2]);
  });
});
