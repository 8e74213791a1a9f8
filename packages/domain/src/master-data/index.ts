export * from './downtime.js';
export * from './equipment.js';
export * from './master-data.js';
export * from './material.js';
export * from './people.js';
export * from './recipe.js';
export * from './site.js';
export * from './container.js';
