import { Route, Routes } from 'react-router';
import { RecordDetailPage } from './RecordDetailPage.js';
import { RecordsPage } from './RecordsPage.js';

export function RecordsSection() {
  return (
    <Routes>
      <Route index element={<RecordsPage />} />
      <Route path=":recordId" element={<RecordDetailPage />} />
    </Routes>
  );
}
