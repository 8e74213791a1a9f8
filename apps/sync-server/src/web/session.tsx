import { createContext, useContext } from 'react';
import type { WebRole } from '../web-access.js';
import type { Me } from './api.js';

export const SessionContext = createContext<Me | undefined>(undefined);

/** The signed-in user; every page is rendered inside a session. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside the signed-in app');
  return me;
}

export function hasRole(me: Pick<Me, 'roles'>, roles: readonly WebRole[]): boolean {
  return me.roles.some((role) => roles.includes(role));
}
