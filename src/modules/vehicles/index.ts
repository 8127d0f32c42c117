/** Vehicles: what other modules may use. */
export { catalogTree, seedCatalog, type CatalogTree } from './catalog.service.ts';
export { catalog, type CatalogMake, type CatalogModel, type CatalogTrim } from './catalog-data.ts';
export {
  checkDigit,
  checkDigitRequired,
  checkVin,
  modelYear,
  normalizeVin,
  withCheckDigit,
  yearCodes,
  type VinCheck,
} from './vin.ts';
export { knownWmis, wmiCountry, wmiMaker } from './wmi.ts';
export { vehicleVisible } from './visibility.ts';
export {
  assertVehicleVisible,
  changeOwnership,
  createVehicle,
  endOwnership,
  findVehicleByVin,
  purchaseDates,
  type CreatedVehicle,
} from './vehicles.service.ts';
export {
  boughtSince,
  vehicleCodeIds,
  vehicleTimeline,
  vehiclesOfCustomerJson,
} from './sections.ts';
export { registerVehicleRoutes } from './vehicles.routes.ts';
export { vinCheckSchema } from './vehicle.schemas.ts';
