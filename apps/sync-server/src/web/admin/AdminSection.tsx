import './admin.css';
import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../ui/index.js';
import { EquipmentDetailPage, EquipmentPage } from './EquipmentPage.js';
import { KiosksPage } from './KiosksPage.js';
import { MaterialsPage } from './MaterialsPage.js';
import { OrdersPage } from './OrdersPage.js';
import { RecipesPage, RecipeVersionPage } from './RecipesPage.js';
import { UserPage, UsersPage } from './UsersPage.js';

/** Administration of master data: materials and lots, recipes with their approval, users, kiosks. */
export function AdminSection() {
  return (
    <>
      <nav className="subnav" aria-label="Administration">
        <NavLink to="/admin" end>
          Materials and lots
        </NavLink>
        <NavLink to="/admin/recipes">Recipes</NavLink>
        <NavLink to="/admin/orders">Orders</NavLink>
        <NavLink to="/admin/equipment">Equipment</NavLink>
        <NavLink to="/admin/users">Users</NavLink>
        <NavLink to="/admin/kiosks">Kiosks</NavLink>
      </nav>
      <Routes>
        <Route index element={<MaterialsPage />} />
        <Route path="recipes" element={<RecipesPage />} />
        <Route path="recipes/:id/:version" element={<RecipeVersionPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="equipment" element={<EquipmentPage />} />
        <Route path="equipment/:id" element={<EquipmentDetailPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:id" element={<UserPage />} />
        <Route path="kiosks" element={<KiosksPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
