import { useEffect, useMemo, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { TeleworkerApi } from '../../shared/contract';
import type { Feature, Followable, SignedInUser } from './feature';
import { isVisibleTo } from './feature';
import { disposables } from '../../shared/disposables';

export type FeatureStores = ReadonlyMap<string, StoreApi<Followable>>;

function instantiate(features: readonly Feature[], api: TeleworkerApi): Map<string, StoreApi<Followable>> {
  return new Map(features.map((f) => [f.id, f.createStore(api)]));
}

function followAll(stores: FeatureStores): () => void {
  const offs = disposables(...[...stores.values()].map((store) => store.getState().follow()));
  return () => offs.dispose();
}

/**
 * The stores of every registered feature, with their lifetimes: 'app' features once for the
 * window, 'session' features anew for each signed-in user (only those visible to that user, so a
 * worker's window never asks for the team's data) and dropped with their subscriptions at sign-out.
 */
export function useFeatureStores(
  features: readonly Feature[],
  api: TeleworkerApi,
  user: SignedInUser | null,
): FeatureStores {
  const [appStores] = useState(() =>
    instantiate(
      features.filter((f) => f.scope === 'app'),
      api,
    ),
  );
  useEffect(() => followAll(appStores), [appStores]);

  // A new user (or a changed role) is a new session: nothing carries over. Keyed on who, not on
  // the account object, which the main process sends anew for every change of the account state.
  const key = user ? `${user.id}:${user.role}` : null;
  const makeSession = (who: SignedInUser | null) =>
    who
      ? instantiate(
          features.filter((f) => f.scope === 'session' && isVisibleTo(f, who)),
          api,
        )
      : new Map<string, StoreApi<Followable>>();
  const [session, setSession] = useState(() => ({ key, stores: makeSession(user) }));
  if (session.key !== key) setSession({ key, stores: makeSession(user) });
  const sessionStores = session.stores;
  useEffect(() => followAll(sessionStores), [sessionStores]);

  return useMemo(() => new Map([...appStores, ...sessionStores]), [appStores, sessionStores]);
}
