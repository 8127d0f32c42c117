import { Navigate, Route, Routes } from 'react-router';
import { AuthGate } from './session/auth-gate.tsx';
import { AppLayout } from './components/app-layout.tsx';
import { CustomerPage } from './pages/customer/customer-page.tsx';
import { CustomersPage } from './pages/customers/customers-page.tsx';
import { MyDayPage } from './pages/my-day/my-day-page.tsx';
import { NewCustomerPage } from './pages/new-customer/new-customer-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { VehiclePage } from './pages/vehicle/vehicle-page.tsx';

export function App() {
  return (
    <AuthGate>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to="/my-day" replace />} />
          <Route path="my-day" element={<MyDayPage />} />
          <Route path="customers" element={<CustomersPage />} />
          <Route path="customers/new" element={<NewCustomerPage />} />
          <Route path="customers/:id" element={<CustomerPage />} />
          <Route path="vehicles/:id" element={<VehiclePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthGate>
  );
}
