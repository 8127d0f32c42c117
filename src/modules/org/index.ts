/** The organisation: what other modules may use. */
export {
  assertDealerInScope,
  createBrand,
  createDealer,
  createRegion,
  ensureGroup,
  dealerIdForCode,
  findBrandByCode,
  findDealerByCode,
  findDealerById,
  findRegionByCode,
  getGroup,
  listBrands,
  listDealers,
  listRegions,
  namedDealerInScope,
  namedOrOwnDealer,
  requireDealer,
  requireDealerInScope,
  type DealerRef,
  type DealerView,
  type NewDealer,
} from './org.service.ts';
export {
  createUser,
  isActiveUserOf,
  listUsers,
  type NewUserInput,
  type UserView,
} from './users.service.ts';
export { dealerZone, groupDefaultZone, personZone } from './time-zones.ts';
export { registerOrgRoutes } from './org.routes.ts';
