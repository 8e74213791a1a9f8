import { useEffect } from 'react';
import { LoginScreen } from './LoginScreen.js';
import { OrderQueue } from './OrderQueue.js';
import { StepRunner } from './StepRunner.js';
import { useExecution } from './store.js';
import { useKiosk } from '../store.js';

/** Login → order queue → step runner; re-checks the session so auto-lock shows the login again. */
export function ExecutionScreen() {
  const { session, orderId, refresh } = useExecution();
  const connected = useKiosk((s) => s.connection === 'open');
  useEffect(() => {
    if (!connected) return;
    void refresh();
    const timer = setInterval(() => void refresh(), 15_000);
    return () => clearInterval(timer);
  }, [connected, refresh]);
  if (!session) return <LoginScreen />;
  return orderId ? <StepRunner /> : <OrderQueue />;
}
