import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { KIOSK_STATUSES } from '@lineside/sync-protocol';
import { listOpenEnrollmentCodes } from '../../db/enrollment-codes.js';
import { listKiosks } from '../../db/kiosks.js';
import { listStations } from '../../db/stations.js';
import { errors } from '../common.js';
import { enrollmentCodeId } from '../../security/tokens.js';
import { KioskSchema, viewKiosks, type KioskView } from '../kiosks/view.js';

/** What the admin filters the stations by: a kiosk status, no kiosk yet, or a key waiting for their approval. */
export const STATION_FILTERS = [...KIOSK_STATUSES, 'no-kiosk', 'awaiting-approval'] as const;

const OpenCodeSchema = Type.Object(
  { codeId: Type.String({ description: 'names the code to withdraw it (POST /api/v1/enrollment-codes/{codeId}/withdraw)' }), issuedBy: Type.String(), issuedAt: Type.String(), expiresAt: Type.String() },
  { additionalProperties: false, description: 'an enrollment code issued and neither used nor expired (the server keeps only its hash)' },
);

const StationViewSchema = Type.Object(
  {
    stationId: Type.String(),
    name: Type.String(),
    kioskId: Type.String({ description: 'the kiosk id the station’s enrollment codes enroll' }),
    kiosk: Type.Union([KioskSchema, Type.Null()], { description: 'null: no kiosk has enrolled for this station' }),
    openCodes: Type.Array(OpenCodeSchema),
  },
  { additionalProperties: false },
);

type StationView = Static<typeof StationViewSchema>;

function matches(station: StationView, q: string, status: (typeof STATION_FILTERS)[number] | undefined): boolean {
  const kiosk: KioskView | null = station.kiosk;
  if (q) {
    const words = [station.stationId, station.name, station.kioskId, kiosk?.hostname ?? '', ...(kiosk?.keys.map((k) => k.fingerprint) ?? [])].join(' ').toLowerCase();
    if (!words.includes(q.toLowerCase())) return false;
  }
  if (status === undefined) return true;
  if (status === 'no-kiosk') return kiosk === null;
  if (status === 'awaiting-approval') return kiosk !== null && (kiosk.status === 'pending' || kiosk.pendingKeyId !== null);
  return kiosk?.status === status;
}

/** The stations of the master data, each with its kiosk (if one enrolled): what the admin enrolls, approves and revokes. */
export const stationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      preHandler: app.requireUser(['admin']),
      schema: {
        summary: 'Every station with its kiosk (status, keys in use, waiting and retired) and its open enrollment codes, filtered and paged',
        tags: ['admin'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200, description: 'text in the station id or name, the kiosk id, its hostname or a key fingerprint' })),
            status: Type.Optional(Type.Enum(STATION_FILTERS, { description: 'a kiosk status, no-kiosk, or awaiting-approval (a first key or a replacement key waiting)' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ stations: Type.Array(StationViewSchema), total: Type.Integer({ description: 'stations matching the filter' }) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const { q = '', status, offset = 0, limit = 20 } = request.query;
      const [stations, kiosks, codes] = await Promise.all([listStations(app.db), listKiosks(app.db), listOpenEnrollmentCodes(app.db, app.now().toISOString())]);
      const views = new Map((await viewKiosks(app.db, kiosks)).map((k) => [k.kioskId, k]));
      const all: StationView[] = stations.map((s) => ({
        stationId: s.station_id,
        name: s.name,
        kioskId: s.kiosk_id,
        kiosk: views.get(s.kiosk_id) ?? null,
        openCodes: codes.filter((c) => c.station_id === s.station_id).map((c) => ({ codeId: enrollmentCodeId(c.code_hash), issuedBy: c.created_by, issuedAt: c.created_at, expiresAt: c.expires_at })),
      }));
      const matching = all.filter((s) => matches(s, q.trim(), status));
      return { stations: matching.slice(offset, offset + limit), total: matching.length };
    },
  );
};
