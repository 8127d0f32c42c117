import { Navigate, Route, Routes } from 'react-router';
import { AuthGate } from './session/auth-gate.tsx';
import { AppLayout } from './components/app-layout.tsx';
import { CustomerPage } from './pages/customer/customer-page.tsx';
import { CustomersPage } from './pages/customers/customers-page.tsx';
import { ImportJobPage } from './pages/imports/import-job-page.tsx';
import { ImportsPage } from './pages/imports/imports-page.tsx';
import { WebFormSitesPage } from './pages/imports/web-form-sites-page.tsx';
import { LeadBoardPage } from './pages/leads/lead-board-page.tsx';
import { LeadPage } from './pages/leads/lead-page.tsx';
import { LeadsListPage } from './pages/leads/leads-list-page.tsx';
import { CampaignPage } from './pages/marketing/campaign-page.tsx';
import { CampaignsPage } from './pages/marketing/campaigns-page.tsx';
import { OffersPage } from './pages/marketing/offers-page.tsx';
import { RoiPage } from './pages/marketing/roi-page.tsx';
import { SegmentBuilderPage } from './pages/marketing/segment-builder-page.tsx';
import { JourneyEditorPage } from './pages/journeys/journey-editor-page.tsx';
import { JourneysPage } from './pages/journeys/journeys-page.tsx';
import { ShowroomLogPage } from './pages/leads/showroom-log-page.tsx';
import { NewLeadPage } from './pages/leads/new-lead-page.tsx';
import { SourceCostsPage } from './pages/leads/source-costs-page.tsx';
import { LeadSourcesPage } from './pages/leads/lead-sources-page.tsx';
import { RoutingRulesPage } from './pages/leads/routing-rules-page.tsx';
import { MyDayPage } from './pages/my-day/my-day-page.tsx';
import { NewCustomerPage } from './pages/new-customer/new-customer-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { BestCustomersPage } from './pages/analytics/best-customers-page.tsx';
import { CsiPage } from './pages/analytics/csi-page.tsx';
import { DashboardsPage } from './pages/analytics/dashboards-page.tsx';
import { RetentionWorklistPage } from './pages/analytics/retention-worklist-page.tsx';
import { StaffingGuidePage } from './pages/analytics/staffing-guide-page.tsx';
import { WeeklyPackPage } from './pages/analytics/weekly-pack-page.tsx';
import { AgreementsPage } from './pages/sales/agreements-page.tsx';
import { ConquestPlanPage } from './pages/sales/conquest-plan-page.tsx';
import { ConquestPlansPage } from './pages/sales/conquest-plans-page.tsx';
import { StockArrivalsPage } from './pages/sales/stock-arrivals-page.tsx';
import { OrderPage } from './pages/sales/order-page.tsx';
import { OrdersPage } from './pages/sales/orders-page.tsx';
import { ClubEventsPage } from './pages/club/club-events-page.tsx';
import { ClubMembersPage } from './pages/club/club-members-page.tsx';
import { ClubPartnersPage } from './pages/club/club-partners-page.tsx';
import { ClubSetupPage } from './pages/club/club-setup-page.tsx';
import { DuplicatesPage } from './pages/quality/duplicates-page.tsx';
import { QualityPage } from './pages/quality/quality-page.tsx';
import { TestDriveCalendarPage } from './pages/test-drives/test-drive-calendar-page.tsx';
import { VehiclePage } from './pages/vehicle/vehicle-page.tsx';
import { ClaimsIndexPage } from './pages/complaints/claims-index-page.tsx';
import { ComplaintsPage } from './pages/complaints/complaints-page.tsx';
import { CareProgrammePage } from './pages/service/care-programme-page.tsx';
import { LapsedOwnersPage } from './pages/service/lapsed-owners-page.tsx';
import { RecallsPage } from './pages/service/recalls-page.tsx';
import { ServiceIntervalsPage } from './pages/service/service-intervals-page.tsx';
import { VisitImportJobPage } from './pages/service/visit-import-job-page.tsx';
import { VisitImportsPage } from './pages/service/visit-imports-page.tsx';
import { VisitsPage } from './pages/service/visits-page.tsx';

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
          <Route path="leads" element={<LeadsListPage />} />
          <Route path="leads/board" element={<LeadBoardPage />} />
          <Route path="leads/new" element={<NewLeadPage />} />
          <Route path="leads/showroom" element={<ShowroomLogPage />} />
          <Route path="leads/costs" element={<SourceCostsPage />} />
          <Route path="leads/sources" element={<LeadSourcesPage />} />
          <Route path="leads/routing" element={<RoutingRulesPage />} />
          <Route path="leads/:id" element={<LeadPage />} />
          <Route path="vehicles/:id" element={<VehiclePage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="club" element={<Navigate to="/club/members" replace />} />
          <Route path="club/members" element={<ClubMembersPage />} />
          <Route path="club/events" element={<ClubEventsPage />} />
          <Route path="club/partners" element={<ClubPartnersPage />} />
          <Route path="club/setup" element={<ClubSetupPage />} />
          <Route path="orders/:id" element={<OrderPage />} />
          <Route path="agreements" element={<AgreementsPage />} />
          <Route path="conquest-plans" element={<ConquestPlansPage />} />
          <Route path="conquest-plans/:id" element={<ConquestPlanPage />} />
          <Route path="stock-arrivals" element={<StockArrivalsPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="imports/:id" element={<ImportJobPage />} />
          <Route path="web-forms" element={<WebFormSitesPage />} />
          <Route path="test-drives" element={<TestDriveCalendarPage />} />
          <Route path="complaints" element={<ComplaintsPage />} />
          <Route path="claims-index" element={<ClaimsIndexPage />} />
          <Route path="recalls" element={<RecallsPage />} />
          <Route path="service/visits" element={<VisitsPage />} />
          <Route path="service/imports" element={<VisitImportsPage />} />
          <Route path="service/imports/:id" element={<VisitImportJobPage />} />
          <Route path="service/intervals" element={<ServiceIntervalsPage />} />
          <Route path="service/lapsed-owners" element={<LapsedOwnersPage />} />
          <Route path="service/care" element={<CareProgrammePage />} />
          <Route path="quality" element={<QualityPage />} />
          <Route path="quality/duplicates" element={<DuplicatesPage />} />
          <Route path="segments" element={<SegmentBuilderPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:id" element={<CampaignPage />} />
          <Route path="marketing/roi" element={<RoiPage />} />
          <Route path="marketing/offers" element={<OffersPage />} />
          <Route path="journeys" element={<JourneysPage />} />
          <Route path="journeys/new" element={<JourneyEditorPage />} />
          <Route path="journeys/:id" element={<JourneyEditorPage />} />
          <Route path="analytics/dashboards" element={<DashboardsPage />} />
          <Route path="analytics/csi" element={<CsiPage />} />
          <Route path="analytics/retention" element={<RetentionWorklistPage />} />
          <Route path="analytics/best-customers" element={<BestCustomersPage />} />
          <Route path="analytics/staffing" element={<StaffingGuidePage />} />
          <Route path="analytics/weekly-pack" element={<WeeklyPackPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthGate>
  );
}
