import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../ui/index.js';
import { BatchRecordPage } from './BatchRecordPage.js';
import { DeviationsPage, HoldsPage } from './PlantListsPages.js';
import { OrdersPage } from './OrdersPage.js';

/** Review: orders by status, a batch record reviewed by exception and signed, open deviations and holds of the plant. */
export function ReviewSection() {
  return (
    <>
      <nav className="subnav" aria-label="Review">
        <NavLink to="/review" end>
          Orders
        </NavLink>
        <NavLink to="/review/deviations">Deviations</NavLink>
        <NavLink to="/review/holds">Holds</NavLink>
      </nav>
      <Routes>
        <Route index element={<OrdersPage />} />
        <Route path="orders/:orderId" element={<BatchRecordPage />} />
        <Route path="deviations" element={<DeviationsPage />} />
        <Route path="holds" element={<HoldsPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
