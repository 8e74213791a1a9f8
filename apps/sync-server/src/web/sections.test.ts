import { describe, expect, it } from 'vitest';
import { areaOf, WEB_AREAS } from '../web-access.js';
import { SECTIONS } from './sections.js';

// The server gates a browser's navigation by area (web-access.ts), the app by section: a section
// outside every area, or open to a role its area refuses, would be a page nobody can reach.
describe('the web app sections', () => {
  it('each lie in an area whose roles include the section’s roles', () => {
    for (const section of SECTIONS) {
      const area = areaOf(section.path);
      expect(area, section.path).toBeDefined();
      expect(WEB_AREAS[area!], section.path).toEqual(expect.arrayContaining([...section.roles]));
    }
  });

  it('have distinct paths and titles', () => {
    expect(new Set(SECTIONS.map((s) => s.path)).size).toBe(SECTIONS.length);
    expect(new Set(SECTIONS.map((s) => s.title)).size).toBe(SECTIONS.length);
  });
});
