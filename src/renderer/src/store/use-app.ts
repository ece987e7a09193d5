// React's way into the store: the store comes from context (so a test can give
// its own), components select only what they show.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './app-store';
import type { AppState } from './types';

export const StoreContext = createContext<AppStore | null>(null);

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useApp outside <StoreContext.Provider>');
  return useStore(store, selector);
}
