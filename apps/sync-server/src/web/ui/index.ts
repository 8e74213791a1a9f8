// The shared parts of the central web app's pages: import from here.
export { ErrorBox, describeError } from './ErrorBox.js';
export { FilterBar, useFilters, type FilterField, type FilterValues } from './FilterBar.js';
export { formatTime, shortHash, typeLabel, fieldLabel } from './format.js';
export { Page } from './Page.js';
export { PagedTable, useNarrow, type Column, type PageInfo } from './PagedTable.js';
export { roleList } from './roles.js';
export { SignatureDialog, type ESignature, type Meaning } from './SignatureDialog.js';
export { Forbidden, NotFound } from './StatusPages.js';
export { useApi, type Loaded } from './useApi.js';
export { useSubmit, type Submission } from './useSubmit.js';
export { DialogActions } from './DialogActions.js';
