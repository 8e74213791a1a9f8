import { useEffect } from 'react';
import type { WedgeKeyInput } from '../../shared/api.js';

/**
 * A keyboard-wedge scanner types wherever the focus is: keys outside any field are collected with their
 * timing and handed over at Enter, and the core's wedge detector tells a scan from a person typing.
 */
export function useWedgeScan(onKeys: (keys: WedgeKeyInput[]) => void): void {
  useEffect(() => {
    let keys: WedgeKeyInput[] = [];
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      keys.push({ key: e.key, at: e.timeStamp, ...(e.ctrlKey ? { ctrlKey: true } : {}) });
      if (e.key === 'Enter') {
        e.preventDefault();
        const sent = keys;
        keys = [];
        onKeys(sent);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKeys]);
}
