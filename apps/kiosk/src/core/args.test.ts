import { describe, expect, it } from 'vitest';
import { parseKioskArgs } from './args.js';

describe('lineside-kiosk flags', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseKioskArgs(['--server=https://srv:8080', '--data', '/var/lib/k1', '--browser', '--port', '8123', '--balance', 'mt-sics:/dev/pts/5', '--balance-id', 'BAL-02', '--enroll-code', 'ABC-123@0123456789abcdef', '--auto-lock-minutes=10']),
    ).toEqual({
      ok: true,
      args: { serverUrl: 'https://srv:8080', dataDir: '/var/lib/k1', browser: true, port: 8123, balances: [{ driver: 'mt-sics', path: '/dev/pts/5', balanceId: 'BAL-02' }], phMeters: [], scanners: [], printer: null, enrollCode: 'ABC-123@0123456789abcdef', autoLockMinutes: 10, help: false },
    });
  });

  it('wants the enrollment code with the server key fingerprint, so a swapped server key is caught at enrollment', () => {
    expect(parseKioskArgs(['--enroll-code', 'ABC-123'])).toEqual({ ok: false, message: expect.stringMatching(/^--enroll-code carries no server key fingerprint: pass it as CODE@fingerprint/) });
    expect(parseKioskArgs(['--enroll-code', 'ABC-123@nothex'])).toEqual({ ok: false, message: expect.stringMatching(/^--enroll-code: .*16 hex digits/) });
  });

  it('has defaults a developer can start with', () => {
    expect(parseKioskArgs([])).toEqual({
      ok: true,
      args: { serverUrl: 'http://localhost:8080', dataDir: './data/kiosk-1', browser: false, port: 0, balances: [], phMeters: [], scanners: [], printer: null, enrollCode: null, autoLockMinutes: 5, help: false },
    });
    expect(parseKioskArgs(['--balance', 'mt-sics:COM3'])).toMatchObject({ ok: true, args: { balances: [{ driver: 'mt-sics', path: 'COM3', balanceId: 'BAL-01' }] } });
  });

  it('takes several balances, pH meters and scanners, each with its equipment id', () => {
    const parsed = parseKioskArgs([
      '--balance', 'mt-sics:/dev/pts/5=BAL-01',
      '--balance=sartorius-sbi:/dev/pts/6=BAL-02',
      '--balance', 'and:COM4=BAL-04',
      '--ph-meter', 'orion-star:/dev/pts/7=PH-01',
      '--scanner', 'scanner-serial:/dev/pts/8=SCN-01',
      '--scanner', 'scanner-hid-pos:0c2e:0b61=SCN-02',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      args: {
        balances: [
          { driver: 'mt-sics', path: '/dev/pts/5', balanceId: 'BAL-01' },
          { driver: 'sartorius-sbi', path: '/dev/pts/6', balanceId: 'BAL-02' },
          { driver: 'and', path: 'COM4', balanceId: 'BAL-04' },
        ],
        phMeters: [{ driver: 'orion-star', path: '/dev/pts/7', meterId: 'PH-01' }],
        scanners: [
          { driver: 'scanner-serial', path: '/dev/pts/8', scannerId: 'SCN-01' },
          { driver: 'scanner-hid-pos', path: '0c2e:0b61', scannerId: 'SCN-02' },
        ],
      },
    });
    expect(parseKioskArgs(['--scanner', 'scanner-hid-pos:/dev/hidraw2=SCN-02'])).toMatchObject({ ok: true, args: { scanners: [{ path: '/dev/hidraw2', scannerId: 'SCN-02' }] } });
  });

  it('refuses device flags that would leave an instrument unnamed, doubled or unknown', () => {
    expect(parseKioskArgs(['--balance', 'mt-sics:/dev/pts/5', '--balance', 'and:/dev/pts/6=BAL-04'])).toEqual({
      ok: false,
      message: '--balance "mt-sics:/dev/pts/5" needs =<equipment id> when several balances are given, e.g. mt-sics:/dev/pts/5=BAL-02',
    });
    expect(parseKioskArgs(['--balance', 'mt-sics:/dev/pts/5=BAL-01', '--balance', 'and:/dev/pts/6=BAL-01'])).toEqual({ ok: false, message: 'equipment id BAL-01 is given to two devices; each device needs its own id' });
    expect(parseKioskArgs(['--balance', 'mt-sics:/dev/pts/5=BAL-01', '--ph-meter', 'orion-star:/dev/pts/5=PH-01'])).toEqual({ ok: false, message: 'port /dev/pts/5 is given to two devices; each device needs its own port' });
    expect(parseKioskArgs(['--balance', 'mt-sics:/dev/pts/5=BAL-01', '--balance-id', 'BAL-02'])).toMatchObject({ ok: false, message: expect.stringContaining('--balance-id names a single --balance given without =<id>') });
    expect(parseKioskArgs(['--ph-meter', 'orion-star:/dev/pts/7'])).toEqual({ ok: false, message: '--ph-meter "orion-star:/dev/pts/7" needs the meter\'s equipment id, e.g. orion-star:/dev/pts/7=PH-01' });
    expect(parseKioskArgs(['--ph-meter', 'beckman:/dev/pts/7=PH-01'])).toEqual({ ok: false, message: '--ph-meter driver "beckman" is not one of orion-star, hanna' });
    expect(parseKioskArgs(['--scanner', 'scanner-usb:/dev/pts/8=SCN-01'])).toEqual({ ok: false, message: '--scanner driver "scanner-usb" is not one of scanner-serial, scanner-hid-pos' });
    expect(parseKioskArgs(['--scanner', 'scanner-serial:/dev/pts/8=SCN 01'])).toMatchObject({ ok: false, message: expect.stringContaining("the equipment id after '=' must be letters") });
    expect(parseKioskArgs(['--scanner', 'scanner-serial:=SCN-01'])).toMatchObject({ ok: false, message: expect.stringContaining('must be <driver>:<port>[=<equipment id>]') });
  });

  it('refuses bad input with one line naming the flag and the reason', () => {
    expect(parseKioskArgs(['--colour'])).toEqual({ ok: false, message: 'unknown flag "--colour" (see --help)' });
    expect(parseKioskArgs(['--balance', '/dev/ttyUSB0'])).toEqual({ ok: false, message: '--balance "/dev/ttyUSB0" must be <driver>:<port>[=<equipment id>], e.g. mt-sics:/dev/ttyUSB0=BAL-01' });
    expect(parseKioskArgs(['--balance', 'mt-sics:'])).toMatchObject({ ok: false, message: expect.stringContaining('must be <driver>:<port>') });
    expect(parseKioskArgs(['--balance', 'scale9000:/dev/ttyS0'])).toEqual({ ok: false, message: '--balance driver "scale9000" is not one of mt-sics, sartorius-sbi, and, ohaus' });
    expect(parseKioskArgs(['--port', 'eighty'])).toEqual({ ok: false, message: '--port "eighty" must be 0 or a port number up to 65535' });
    expect(parseKioskArgs(['--port', '70000'])).toMatchObject({ ok: false });
    expect(parseKioskArgs(['--server', 'localhost'])).toMatchObject({ ok: false, message: expect.stringContaining('--server') });
    expect(parseKioskArgs(['--auto-lock-minutes', '0'])).toEqual({ ok: false, message: '--auto-lock-minutes "0" must be a whole number of minutes from 1 to 480' });
    expect(parseKioskArgs(['--auto-lock-minutes', '2.5'])).toEqual({ ok: false, message: '--auto-lock-minutes "2.5" must be a whole number of minutes from 1 to 480' });
    expect(parseKioskArgs(['--data'])).toEqual({ ok: false, message: '--data needs a value (see --help)' });
    expect(parseKioskArgs(['--balance-id', 'BAL-01'])).toEqual({ ok: false, message: '--balance-id needs --balance <driver>:<port> as well' });
  });

  it('refuses plain http to another machine unless --allow-insecure-http is given', () => {
    expect(parseKioskArgs(['--server', 'http://plant-server:8080'])).toEqual({ ok: false, message: '--server http://plant-server:8080 is plain http to another machine; use https:// or add --allow-insecure-http' });
    expect(parseKioskArgs(['--server', 'http://10.0.0.5'])).toMatchObject({ ok: false });
    expect(parseKioskArgs(['--server', 'http://plant-server:8080', '--allow-insecure-http'])).toMatchObject({ ok: true, args: { serverUrl: 'http://plant-server:8080' } });
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://127.8.9.10', 'http://[::1]:8080', 'https://plant-server']) {
      expect(parseKioskArgs(['--server', local])).toMatchObject({ ok: true, args: { serverUrl: local } });
    }
    // A look-alike of a loopback name is another machine.
    expect(parseKioskArgs(['--server', 'http://localhost.evil.example'])).toMatchObject({ ok: false });
    expect(parseKioskArgs(['--server', 'http://127.0.0.1.nip.io'])).toMatchObject({ ok: false });
  });

  it('--printer names a ZPL printer on TCP or serial with its id; a bad one is refused in one line', () => {
    expect(parseKioskArgs(['--printer', 'zpl-tcp:127.0.0.1:9100=PRN-01'])).toMatchObject({ ok: true, args: { printer: { driver: 'zpl-tcp', path: '127.0.0.1:9100', printerId: 'PRN-01' } } });
    expect(parseKioskArgs(['--printer=zpl-serial:/dev/ttyUSB2=PRN-02'])).toMatchObject({ ok: true, args: { printer: { driver: 'zpl-serial', path: '/dev/ttyUSB2', printerId: 'PRN-02' } } });
    expect(parseKioskArgs(['--printer', 'zpl-tcp:127.0.0.1:9100'])).toEqual({ ok: false, message: '--printer "zpl-tcp:127.0.0.1:9100" needs the printer\'s id, e.g. zpl-tcp:127.0.0.1:9100=PRN-01' });
    expect(parseKioskArgs(['--printer', 'epl:/dev/ttyUSB2=PRN-01'])).toEqual({ ok: false, message: '--printer driver "epl" is not one of zpl-tcp, zpl-serial' });
  });
});
