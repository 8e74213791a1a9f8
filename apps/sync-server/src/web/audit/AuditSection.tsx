import { Route, Routes } from 'react-router';
import { AuditPage } from './AuditPage.js';

export function AuditSection() {
  return (
    <Routes>
      <Route index element={<AuditPage />} />
    </Routes>
  );
}
