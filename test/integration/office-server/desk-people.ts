// Many signed-in people at once, for the desk race: accounts and sessions written straight into the
// server's database (one password hash, no sign-in per person), so 200 of them cost one second,
// not 200 scrypt runs. The server then knows them like any others.
import { issueTokens } from '../../../office-server/auth/tokens';
import { databaseOptions, openStore } from '../../../office-server/data/open';
import type { PostgresOptions } from '../../../office-server/data/postgres';

export async function makePeople(
  dataDir: string,
  database: PostgresOptions | undefined,
  n: number,
  now: number,
  teamId: string | null = null,
): Promise<{ id: string; token: string }[]> {
  const store = await openStore(databaseOptions(dataDir, database), { migrate: false });
  try {
    const stamp = Date.now().toString(36);
    return await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const user = await store.users.create(
          {
            username: `racer${stamp}${i}`,
            displayName: `Racer ${i}`,
            role: 'worker',
            teamId,
            // never used to sign in: the session below is made directly
            passwordHash: 'unused',
          },
          now,
        );
        const tokens = issueTokens(now, { access: 24 * 3600_000, refresh: 24 * 3600_000 });
        await store.sessions.create(user.id, tokens.stored, now);
        return { id: user.id, token: tokens.accessToken };
      }),
    );
  } finally {
    await store.close();
  }
}
