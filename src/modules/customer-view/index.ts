/** The read side across modules: customer list and search, 360 view, timeline, export, vehicle page. */
export { registerCustomerViewRoutes } from './customer-view.routes.ts';
export { getCustomer360, getTimeline } from './customer-360.ts';
export { listCustomers, filteredCustomers, type CustomerListQuery } from './customer-list.ts';
export { getVehiclePage, searchVehicles } from './vehicle-page.ts';
