import { useKiosk } from '../store.js';

export function DeviceStatus() {
  const device = useKiosk((s) => s.state?.device ?? null);
  const coreLost = useKiosk((s) => s.connection !== 'open');
  if (coreLost) {
    return (
      <div className="device disconnected" data-testid="device-status" data-connection="unknown">
        <strong>{device?.balanceId ?? 'Balance'}</strong> <span>status unknown</span>
        <div className="problem">The kiosk core is not reachable: no reading is live.</div>
      </div>
    );
  }
  if (!device) {
    return (
      <div className="device disconnected" data-testid="device-status">
        No balance configured
      </div>
    );
  }
  const label = device.connection === 'connected' ? 'connected' : device.connection === 'connecting' ? 'connecting…' : 'disconnected';
  return (
    // Connected but overloaded, busy or in error: the link is up, the reading is not usable (amber, not green).
    <div className={`device ${device.connection}${device.problem ? ' has-problem' : ''}`} data-testid="device-status" data-connection={device.connection}>
      <strong>{device.balanceId}</strong> <span>{label}</span>
      {device.problem ? <div className="problem">{device.problem}</div> : null}
    </div>
  );
}
