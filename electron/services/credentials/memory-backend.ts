import type { ProbedBackend } from './types';

/** Secrets kept in this process only: "signed in for this session". Nothing touches the disk. */
export function createMemoryBackend(description = 'memory only (signed in for this session)'): ProbedBackend {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    description,
    probe: async () => ({ available: true }),
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    delete: async (account) => secrets.delete(account),
  };
}
