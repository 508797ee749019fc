// The pin formats policy accepts (shared CertPinSchema) are exactly ones the trust rule can use, so
// a key that passed policy never throws at start-up; bundles that are not PEM are refused with a sentence.
import { describe, expect, it } from 'vitest';
import { normalizePin, parsePemBundle } from '../../../../electron/services/office-client/trust';
import { CertPinSchema } from '../../../../shared/domain/policy';

const hex = 'AB'.repeat(32);
const base64 = Buffer.from(hex, 'hex').toString('base64');

describe('certificate pins', () => {
  it.each([hex, hex.toLowerCase(), `${'AB:'.repeat(31)}AB`, `sha256:${hex}`, `sha256/${base64}`, base64, `  ${hex}  `])(
    'accepts %s in policy and normalises it to lowercase hex',
    (pin) => {
      expect(CertPinSchema.safeParse(pin).success).toBe(true);
      expect(normalizePin(pin)).toBe(hex.toLowerCase());
    },
  );

  it.each([
    `${'ab'.repeat(31)}zz`,
    'ab'.repeat(31),
    'ab'.repeat(33),
    'AB:CD:not-a-pin',
    Buffer.alloc(31).toString('base64'),
    `md5:${hex}`,
  ])('refuses %s in policy and in the rule', (pin) => {
    expect(CertPinSchema.safeParse(pin).success).toBe(false);
    expect(() => normalizePin(pin)).toThrow(/SHA-256/);
  });

  it('refuses a bundle with no certificate or a broken one, by its position', () => {
    expect(() => parsePemBundle('MIIB')).toThrow(/holds no PEM certificate/);
    expect(() => parsePemBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      'certificate 1 of 1 is not a valid certificate',
    );
  });
});
