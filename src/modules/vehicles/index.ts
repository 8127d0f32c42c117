/** Vehicles: what other modules may use. */
export { catalogTree, seedCatalog, type CatalogTree } from './catalog.service.ts';
export { catalog, type CatalogMake, type CatalogModel, type CatalogTrim } from './catalog-data.ts';
export { checkDigit, checkVin, modelYear, normalizeVin, withCheckDigit, type VinCheck } from './vin.ts';
export { knownWmis, wmiCountry, wmiMaker } from './wmi.ts';
