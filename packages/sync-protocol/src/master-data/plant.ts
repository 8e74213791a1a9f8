import { Type } from 'typebox';
import { ROLES } from '@lineside/domain';
import { Entity, EntityId, IdList, Instant, Name, OneOf, Part, Text, Whole } from './fields.js';

export const SiteSchema = Entity(
  {
    id: EntityId('site id'),
    name: Name('site name'),
    plant: EntityId('plant id the stations belong to'),
    gs1CompanyPrefix: Type.Optional(Type.String({ pattern: '^\\d{4,12}$', description: 'GS1 company prefix (4–12 digits) the SSCCs of this site are allocated under; absent: no labels' })),
    timeZone: Type.Optional(Type.String({ pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$', maxLength: 64, description: 'IANA time zone of the plant, e.g. Europe/Berlin (shifts are local wall clock)' })),
  },
  'Site',
  'The site and plant: one per server.',
);

const SignatureCount = Type.Union([Type.Literal(1), Type.Literal(2)], { description: '1 (QA alone) or 2 (QA and a second person)' });

export const SettingsSchema = Entity(
  {
    calibrationWarningDays: Whole('warning band before a calibration due date, days', 0, 365),
    signatureLockoutAttempts: Whole('consecutive failed signings before a user is locked out (21 CFR 11.300)', 1, 10),
    kpiHeartbeatGapMinutes: Type.Optional(Whole('a kiosk silent longer than this is unknown time in the KPIs (default 30)', 1, 1440)),
    lastUnlockerLockoutMinutes: Type.Optional(Whole('how long a lockout of the last user who may unlock others lasts', 1, 1440)),
    holdReleaseSignatures: Type.Optional(Part({ lot: Type.Optional(SignatureCount), equipment: Type.Optional(SignatureCount), order: Type.Optional(SignatureCount) }, 'signatures a hold release needs, by what is held')),
  },
  'Settings',
  'Plant-wide rules the kiosks apply (one entity, id "plant").',
);

export const StationSchema = Entity(
  {
    id: EntityId('station id, e.g. DISP-1'),
    name: Name('station name'),
    room: Name('room', 100),
    kioskId: EntityId('the kiosk that serves it'),
    equipmentIds: IdList('equipment present at the station', 100),
    offlineGraceHours: Whole('hours a kiosk may run on unrefreshed master data before it stops starting orders', 1, 720),
    labelSerialBlock: Type.Optional(Whole('block of SSCC serial references (0–999) the kiosk allocates container labels from; unique in the site', 0, 999)),
  },
  'Station',
  'A work station and its kiosk.',
);

export const UserSchema = Entity(
  {
    id: EntityId('user id'),
    printedName: Name('printed name, shown on every signature (21 CFR 11.50)'),
    roles: Type.Array(OneOf(ROLES, 'role'), { minItems: 1, maxItems: ROLES.length, uniqueItems: true, description: 'roles' }),
    badge: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{4,32}$', description: 'badge number read at the kiosk' })),
    active: Type.Boolean({ description: 'an inactive user cannot sign in or sign anywhere' }),
    stations: Type.Optional(IdList('stations where the user may work; absent: every station', 100)),
    centralLockout: Type.Optional(
      Part({ since: Instant('kiosk time of the lockout'), kioskId: EntityId('kiosk where it happened'), until: Type.Optional(Instant('a timed lockout ends then')) }, 'locked out at a kiosk: every kiosk refuses the user'),
    ),
    centralUnlock: Type.Optional(
      Part(
        {
          at: Instant('when'),
          by: EntityId('who unlocked'),
          reason: Text('why', 2000),
          version: Whole('master version that carried the unlock', 1, Number.MAX_SAFE_INTEGER),
          kioskId: Type.Optional(EntityId('where, when at a kiosk')),
        },
        'the last unlock',
      ),
    ),
  },
  'User',
  'A person as replicated to kiosks: no secrets (written through /api/v1/users, not master-data PUT).',
);

/** A user as the pull ships it to a kiosk of their station: with the PIN verifier (a scrypt hash). */
export const PulledUserSchema = Entity(
  {
    ...UserSchema.properties,
    pinVerifier: Type.Optional(Type.String({ pattern: '^scrypt\\$', maxLength: 512, description: 'scrypt verifier of the PIN' })),
    pinMustChange: Type.Optional(Type.Boolean({ description: 'the PIN was set by an admin (create or reset): the kiosk makes the user set their own before any work; absent: false' })),
  },
  'PulledUser',
  'A user with the PIN verifier the kiosk checks offline.',
);
