/**
 * The sections of the central web app: ONE line each. A section is a page module in its own folder
 * (`src/web/<area>/`) exporting a component that renders its own sub-routes (react-router `<Routes>`
 * with paths relative to the section). Its path lies in an area of web-access.ts, whose roles the
 * server enforces on navigation; `roles` here may narrow them (sections.test.ts checks both).
 * `nav: false` keeps a section out of the navigation bar (reached by links only).
 */
import type { ComponentType } from 'react';
import type { WebArea, WebRole } from '../web-access.js';

export interface Section {
  readonly path: WebArea | `${WebArea}/${string}`;
  readonly title: string;
  /** One sentence on the start page under the title. */
  readonly summary?: string;
  readonly roles: readonly WebRole[];
  readonly load: () => Promise<ComponentType>;
  readonly nav?: boolean;
}

const REVIEWERS = ['supervisor', 'qa', 'admin'] as const satisfies readonly WebRole[];

export const SECTIONS: readonly Section[] = [
  { path: '/review', title: 'Review', summary: 'Orders by review status, batch records with their exceptions first, sign-off; open deviations and holds.', roles: REVIEWERS, load: () => import('./review/ReviewSection.js').then((m) => m.ReviewSection) },
  { path: '/kpis', title: 'KPIs', summary: 'ISO 22400 OEE, availability, effectiveness and quality per station and shift, the time model, down-time Pareto and the floor KPIs.', roles: REVIEWERS, load: () => import('./kpis/KpisSection.js').then((m) => m.KpisSection) },
  { path: '/admin', title: 'Administration', summary: 'Materials and lots, recipes with two-person approval, users and roles, stations and kiosks.', roles: ['admin', 'qa', 'supervisor', 'maintenance'], load: () => import('./admin/AdminSection.js').then((m) => m.AdminSection) },
  { path: '/records', title: 'Records', summary: 'Every signed record the kiosks sent, by kiosk, order, type, user and time.', roles: REVIEWERS, load: () => import('./records/RecordsSection.js').then((m) => m.RecordsSection) },
  { path: '/audit', title: 'Audit log', summary: 'What was changed centrally, by whom and why; every entry signed and chained, the chain verified.', roles: REVIEWERS, load: () => import('./audit/AuditSection.js').then((m) => m.AuditSection) },
];
