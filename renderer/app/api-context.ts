import { createContext, useContext } from 'react';
import type { TeleworkerApi } from '../../shared/contract';

export const ApiContext = createContext<TeleworkerApi | null>(null);

export function useApi(): TeleworkerApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
