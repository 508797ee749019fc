import { createContext } from 'react';
import type { TeleworkerApi } from '../../shared/contract';

export const ApiContext = createContext<TeleworkerApi | null>(null);
